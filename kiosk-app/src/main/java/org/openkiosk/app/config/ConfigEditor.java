package org.openkiosk.app.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Edits {@code kiosk.properties} as a technician does on the technician screen: a few known keys, each new value
 * checked by {@link KioskConfig}'s own validation on the whole resulting file before anything is written; an invalid
 * edit leaves the file as it was. The file is rewritten line by line (comments, blank lines, other keys and their
 * order kept; a key not yet in the file is appended) through a temporary file moved over the old one, so a power cut
 * never leaves half a configuration.
 */
public final class ConfigEditor {
    /** The keys a technician may change on the screen, in the order shown. Secrets are never among them. */
    public static final List<String> EDITABLE = List.of("kiosk.id", "centre.url", "idcard.port", "idcard.baud",
            "printer.port", "printer.baud", "printer.document-queue", "camera.source", "ui.locale", "ui.elderly",
            "ui.idle-seconds");

    private final Path file;

    public ConfigEditor(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The editable keys with their values as written in the file (empty when a key is absent). */
    public Map<String, String> values() throws IOException {
        Properties p = read(currentText());
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : EDITABLE) {
            out.put(key, p.getProperty(key, "").strip());
        }
        return out;
    }

    /**
     * Applies {@code edits} (only keys of {@link #EDITABLE}), validates the resulting file, and writes it.
     *
     * @return whether anything changed (false when every value was already as given: nothing is written)
     * @throws ConfigException  the resulting configuration is invalid: the message names every bad key; nothing written
     * @throws IOException      the file could not be read or written (the old file is then still intact)
     */
    public boolean save(Map<String, String> edits) throws ConfigException, IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : edits.entrySet()) {
            if (!EDITABLE.contains(e.getKey())) {
                problems.add(e.getKey() + ": cannot be changed here");
            } else if (e.getValue() == null || e.getValue().contains("\n") || e.getValue().contains("\r")) {
                problems.add(e.getKey() + ": a value is one line");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String before = currentText();
        String after = apply(before, edits);
        if (after.equals(before)) {
            return false;
        }
        KioskConfig.parse(read(after), file.toAbsolutePath().getParent()); // throws with every bad key; nothing written
        write(after);
        return true;
    }

    private String currentText() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static Properties read(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    /** {@code text} with each edited key's line replaced (or appended), everything else as it was. */
    static String apply(String text, Map<String, String> edits) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        Map<String, String> pending = new LinkedHashMap<>(edits);
        for (int i = 0; i < lines.size(); i++) {
            String key = keyOf(lines.get(i));
            if (key != null && pending.containsKey(key)) {
                String value = pending.get(key).strip();
                String old = read1(lines.get(i));
                if (!value.equals(old)) {
                    lines.set(i, key + "=" + escape(value));
                }
                pending.remove(key);
            }
        }
        pending.forEach((key, value) -> {
            if (!value.isBlank()) {
                lines.add(key + "=" + escape(value.strip()));
            }
        });
        String joined = String.join("\n", lines);
        return text.isEmpty() && joined.isEmpty() ? "" : joined + "\n";
    }

    /** The key of a plain {@code key=value} line; null for comments, blanks and continued lines. */
    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!") || t.endsWith("\\")) {
            return null;
        }
        int end = 0;
        while (end < t.length() && "=: \t".indexOf(t.charAt(end)) < 0) {
            end++;
        }
        return t.substring(0, end);
    }

    private static String read1(String line) {
        try {
            Properties p = read(line);
            return p.isEmpty() ? null : p.getProperty(p.stringPropertyNames().iterator().next(), "").strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Escapes what {@link Properties#load} would otherwise read differently; keeps Chinese and paths readable. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (i == 0 && (c == ' ' || c == '#' || c == '!')) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void write(String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            throw new java.nio.file.AccessDeniedException(file.toString(), null, "this kiosk's user may not write "
                    + file + " and its folder " + dir);
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                try { // the rewritten file keeps the old one's permissions, not the temporary file's owner-only ones
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
                } catch (UnsupportedOperationException | IOException e) {
                    // not a POSIX file system: the defaults stand
                }
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
