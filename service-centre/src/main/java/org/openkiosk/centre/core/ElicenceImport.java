package org.openkiosk.centre.core;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the e-licences another system exported: a CSV with a header line naming the columns {@code type, number,
 * id_number, issuer, issued_on, valid_until, file} (dates as {@code 2026-01-31}, {@code valid_until} empty for
 * long-term) and a folder holding each row's PDF by that file name. Every problem of every row is reported at once;
 * nothing is imported while there is one.
 */
public final class ElicenceImport {

    /** Largest PDF accepted, as for documents a kiosk sends. */
    static final long MAX_PDF_BYTES = 20L * 1024 * 1024;
    static final List<String> COLUMNS = List.of("type", "number", "id_number", "issuer", "issued_on", "valid_until", "file");

    /** The rows could not all be read; {@link #problems()} lists each. */
    public static final class ImportException extends Exception {
        private final List<String> problems;

        ImportException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private ElicenceImport() {
    }

    public static List<Elicences.ImportRow> read(Path csv, Path folder) throws ImportException, IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnReordering(true);
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class).with(schema)
                .readValues(csv.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!rows.isEmpty() && !rows.get(0).keySet().containsAll(COLUMNS)) {
            throw new ImportException(List.of(csv + ": the header must name the columns " + String.join(",", COLUMNS)
                    + ", not " + String.join(",", rows.get(0).keySet())));
        }
        List<Elicences.ImportRow> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Path base = folder.toAbsolutePath().normalize();
        for (int i = 0; i < rows.size(); i++) {
            int line = i + 2;
            Map<String, String> r = rows.get(i);
            List<String> mine = new ArrayList<>();
            String type = text(r, "type", 100, mine);
            String number = text(r, "number", 100, mine);
            String id = text(r, "id_number", 18, mine);
            String issuer = text(r, "issuer", 200, mine);
            String file = text(r, "file", 200, mine);
            if (id != null && !id.matches("\\d{17}[\\dXx]")) {
                mine.add("id_number is not an 18-character ID number");
            }
            LocalDate issued = date(r.get("issued_on"), "issued_on", false, mine);
            LocalDate until = date(r.get("valid_until"), "valid_until", true, mine);
            if (issued != null && until != null && until.isBefore(issued)) {
                mine.add("valid_until is before issued_on");
            }
            byte[] pdf = null;
            if (file != null) {
                Path p = base.resolve(file).normalize();
                if (!p.getParent().equals(base)) {
                    mine.add("file " + file + " is not a file name in " + folder);
                } else if (!Files.isRegularFile(p)) {
                    mine.add("file " + file + " is not in " + folder);
                } else if (Files.size(p) > MAX_PDF_BYTES) {
                    mine.add("file " + file + " is over 20 MB");
                } else {
                    pdf = Files.readAllBytes(p);
                    if (pdf.length < 5 || !new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
                        mine.add("file " + file + " is not a PDF");
                    }
                }
            }
            if (type != null && number != null && !seen.add(type + "\n" + number)) {
                mine.add(type + " " + number + " appears twice");
            }
            if (mine.isEmpty()) {
                out.add(new Elicences.ImportRow(line, type, number, id.toUpperCase(java.util.Locale.ROOT), issuer,
                        issued, until, file, pdf));
            } else {
                mine.forEach(m -> problems.add(csv.getFileName() + " line " + line + ": " + m));
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportException(problems);
        }
        return out;
    }

    private static String text(Map<String, String> r, String column, int max, List<String> problems) {
        String v = r.get(column);
        if (v == null || v.isBlank()) {
            problems.add(column + " is empty");
            return null;
        }
        if (v.strip().length() > max || v.chars().anyMatch(Character::isISOControl)) {
            problems.add(column + " is over " + max + " characters or holds control characters");
            return null;
        }
        return v.strip();
    }

    private static LocalDate date(String v, String column, boolean optional, List<String> problems) {
        if (v == null || v.isBlank()) {
            if (!optional) {
                problems.add(column + " is empty");
            }
            return null;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            problems.add(column + " '" + v.strip() + "' is not a date like 2026-01-31");
            return null;
        }
    }
}
