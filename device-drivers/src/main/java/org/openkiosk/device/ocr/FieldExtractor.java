package org.openkiosk.device.ocr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.idcard.Nations;

/**
 * Recognises the kind of document from its OCR text and pulls out its fields, checking each one. Pure text in,
 * values out: no image, no engine.
 *
 * <p>Field names:
 * <ul>
 *   <li>ID card front: {@code name, sex, nation, birthDate, address, idNumber}; back: {@code issuer, validFrom,
 *       validUntil} ({@code validUntil} is a date or {@code 长期})</li>
 *   <li>household register page: {@code name, relation, sex, nation, birthDate, birthplace, idNumber, address}</li>
 *   <li>business licence: {@code creditCode, name, type, legalRepresentative, address, registeredCapital,
 *       establishedDate}</li>
 *   <li>generic page: {@code title} (its first line)</li>
 * </ul>
 */
public final class FieldExtractor {
    private static final Pattern DATE_CN = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日?");
    private static final Pattern DATE_DOTS = Pattern.compile("(\\d{4})[.\\-/](\\d{1,2})[.\\-/](\\d{1,2})");
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    private static final Pattern CREDIT_CODE = Pattern.compile("(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])");
    private static final List<String> LABELS = List.of("姓名", "性别", "民族", "出生", "住址", "公民身份号码", "签发机关",
            "有效期限", "户主", "与户主关系", "曾用名", "籍贯", "出生地", "出生日期", "公民身份证件编号", "统一社会信用代码",
            "名称", "类型", "法定代表人", "经营者", "住所", "经营场所", "注册资本", "成立日期", "营业期限", "经营范围",
            "宗教信仰", "文化程度", "婚姻状况", "兵役状况", "服务处所", "职业", "身高", "血型", "登记日期",
            "本市（县）其他住址", "何时由何地迁来本市（县）", "何时由何地迁来本址");

    private final LocalDate today;

    /** @param today the date validity periods are judged against */
    public FieldExtractor(LocalDate today) {
        this.today = today;
    }

    /** A kind and its checked fields. */
    public record Extraction(DocumentType type, Map<String, String> fields, List<RecognisedDocument.FieldProblem> problems) {
    }

    /** Empty when the text has nothing to read. */
    public Optional<Extraction> extract(String text) {
        List<String> lines = text.lines().map(FieldExtractor::normalise).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String flat = String.join("\n", lines);
        return Optional.of(switch (classify(flat)) {
            case ID_CARD -> idCard(lines);
            case HOUSEHOLD_REGISTER -> household(lines);
            case BUSINESS_LICENCE -> licence(lines);
            case GENERIC -> new Extraction(DocumentType.GENERIC, Map.of("title", lines.get(0)), List.of());
        });
    }

    static DocumentType classify(String text) {
        String t = text.replaceAll("\\s", "");
        int licence = count(t, "营业执照", "统一社会信用代码", "法定代表人", "注册资本", "经营范围", "登记机关");
        int household = count(t, "常住人口登记卡", "户主或与户主关系", "与户主关系", "户号", "户籍", "曾用名", "籍贯");
        int idFront = count(t, "姓名", "性别", "民族", "出生", "住址", "公民身份号码");
        int idBack = count(t, "居民身份证", "签发机关", "有效期限");
        if (licence >= 2) {
            return DocumentType.BUSINESS_LICENCE;
        }
        if (household >= 2) {
            return DocumentType.HOUSEHOLD_REGISTER;
        }
        if (idFront >= 4 || idBack >= 2 || t.contains("公民身份号码")) {
            return DocumentType.ID_CARD;
        }
        return DocumentType.GENERIC;
    }

    private static int count(String text, String... words) {
        int n = 0;
        for (String w : words) {
            if (text.contains(w)) {
                n++;
            }
        }
        return n;
    }

    // ---- resident identity card ----

    private Extraction idCard(List<String> lines) {
        Fields f = new Fields();
        String flat = String.join("\n", lines);
        boolean front = count(flat.replaceAll("\\s", ""), "姓名", "性别", "民族", "住址", "公民身份号码") >= 2;
        boolean back = count(flat.replaceAll("\\s", ""), "签发机关", "有效期限") >= 1;
        if (front || !back) {
            f.put("name", compact(valueAfter(lines, "姓名").orElse("")));
            Matcher sex = Pattern.compile("性别\\s*([男女])").matcher(flat);
            f.put("sex", sex.find() ? sex.group(1) : "");
            f.put("nation", nation(flat));
            f.put("birthDate", labelledDate(lines, "出生").orElse(""));
            f.put("address", address(lines, "住址", List.of("公民身份号码", "签发机关", "有效期限")));
            f.put("idNumber", idNumber(flat).orElse(""));
            checkPerson(f, true);
        }
        if (back) {
            f.put("issuer", compact(valueAfter(lines, "签发机关").orElse("")));
            validity(f, lines);
        }
        return new Extraction(DocumentType.ID_CARD, f.values, f.problems);
    }

    private static String nation(String flat) {
        Matcher m = Pattern.compile("民族\\s*([\\p{IsHan}]{1,5})").matcher(flat);
        if (!m.find()) {
            return "";
        }
        String v = m.group(1);
        // the value may run into the next label ("维吾尔出生..."): keep the longest known nation name it starts with
        String best = "";
        for (String name : Nations.all().values()) {
            if (v.startsWith(name) && name.length() > best.length()) {
                best = name;
            }
        }
        return best.isEmpty() ? v : best;
    }

    private void validity(Fields f, List<String> lines) {
        String v = valueAfter(lines, "有效期限").orElse("");
        Matcher dates = DATE_DOTS.matcher(v);
        List<String> found = new ArrayList<>();
        int end = 0;
        while (dates.find()) {
            found.add(isoDate(dates.group(1), dates.group(2), dates.group(3)).orElse("?"));
            end = dates.end();
        }
        f.put("validFrom", found.isEmpty() ? "" : found.get(0));
        String until = found.size() > 1 ? found.get(1) : v.substring(end).contains("长期") ? "长期" : "";
        f.put("validUntil", until);
        for (String k : List.of("validFrom", "validUntil")) {
            if ("?".equals(f.values.get(k))) {
                f.values.put(k, "");
                f.problem(k, RecognisedDocument.Issue.BAD_DATE);
            }
        }
        String u = f.values.get("validUntil");
        if (u != null && u.matches("\\d{4}-\\d{2}-\\d{2}") && LocalDate.parse(u).isBefore(today)) {
            f.problem("validUntil", RecognisedDocument.Issue.EXPIRED);
        }
    }

    // ---- household register ----

    private Extraction household(List<String> lines) {
        Fields f = new Fields();
        String flat = String.join("\n", lines);
        f.put("name", compact(valueAfter(lines, "姓名").orElse("")));
        f.put("relation", compact(valueAfter(lines, "户主或与户主关系").or(() -> valueAfter(lines, "与户主关系")).orElse("")));
        Matcher sex = Pattern.compile("性别\\s*([男女])").matcher(flat);
        f.put("sex", sex.find() ? sex.group(1) : "");
        f.put("nation", nation(flat));
        f.put("birthDate", labelledDate(lines, "出生日期").or(() -> labelledDate(lines, "出生")).orElse(""));
        f.put("birthplace", compact(valueAfter(lines, "出生地").orElse("")));
        f.put("idNumber", idNumber(flat).orElse(""));
        f.put("address", address(lines, "住址", List.of()));
        checkPerson(f, false);
        return new Extraction(DocumentType.HOUSEHOLD_REGISTER, f.values, f.problems);
    }

    // ---- business licence ----

    private Extraction licence(List<String> lines) {
        Fields f = new Fields();
        String flat = String.join("\n", lines);
        String code = creditCode(flat).orElse("");
        f.put("creditCode", code);
        if (code.isEmpty()) {
            f.problem("creditCode", RecognisedDocument.Issue.MISSING);
        } else if (!CreditCodes.isValid(code)) {
            f.problem("creditCode", RecognisedDocument.Issue.BAD_CHECK_CHARACTER);
        }
        f.put("name", compact(valueAfter(lines, "名称").orElse("")));
        f.put("type", compact(valueAfter(lines, "类型").orElse("")));
        f.put("legalRepresentative", compact(valueAfter(lines, "法定代表人").or(() -> valueAfter(lines, "经营者")).orElse("")));
        f.put("address", compact(valueAfter(lines, "住所").or(() -> valueAfter(lines, "经营场所")).orElse("")));
        f.put("registeredCapital", compact(valueAfter(lines, "注册资本").orElse("")));
        Optional<String> est = labelledDate(lines, "成立日期");
        f.put("establishedDate", est.orElse(""));
        if (est.isPresent() && LocalDate.parse(est.get()).isAfter(today)) {
            f.problem("establishedDate", RecognisedDocument.Issue.BAD_DATE);
        }
        return new Extraction(DocumentType.BUSINESS_LICENCE, f.values, f.problems);
    }

    private static Optional<String> creditCode(String flat) {
        String t = flat.replaceAll("[ \\t]", "").toUpperCase(java.util.Locale.ROOT);
        int at = t.indexOf("统一社会信用代码");
        List<String> candidates = new ArrayList<>();
        Matcher m = CREDIT_CODE.matcher(at >= 0 ? t.substring(at) : t);
        while (m.find()) {
            candidates.add(m.group());
        }
        for (String c : candidates) {
            String fixed = c.replace('O', '0').replace('I', '1').replace('Z', '2').replace('S', '5').replace('V', 'U');
            if (CreditCodes.isValid(fixed)) {
                return Optional.of(fixed);
            }
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    // ---- shared pieces ----

    /** Sex and birth date against the identity number; the number's check character. */
    private void checkPerson(Fields f, boolean required) {
        String id = f.values.getOrDefault("idNumber", "");
        for (String k : List.of("name", "sex", "birthDate", "idNumber")) {
            if (required && f.values.getOrDefault(k, "").isEmpty()) {
                f.problem(k, RecognisedDocument.Issue.MISSING);
            }
        }
        if (id.isEmpty()) {
            return;
        }
        if (!IdNumbers.isValid(id)) {
            f.problem("idNumber", RecognisedDocument.Issue.BAD_CHECK_CHARACTER);
            return;
        }
        String idBirth = id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14);
        String birth = f.values.getOrDefault("birthDate", "");
        if (birth.isEmpty()) {
            // unreadable on the copy but certain from the checked number: the card prints the same date
            f.values.put("birthDate", idBirth);
        } else if (!birth.equals(idBirth)) {
            f.problem("birthDate", RecognisedDocument.Issue.INCONSISTENT);
        }
        String sex = f.values.getOrDefault("sex", "");
        String idSex = (id.charAt(16) - '0') % 2 == 1 ? "男" : "女";
        if (sex.isEmpty()) {
            f.values.put("sex", idSex);
        } else if (!sex.equals(idSex)) {
            f.problem("sex", RecognisedDocument.Issue.INCONSISTENT);
        }
    }

    private static Optional<String> idNumber(String flat) {
        String t = flat.replaceAll("(?<=[0-9])[ \\t]+(?=[0-9Xx])", "");
        Matcher m = ID_NUMBER.matcher(t);
        String first = null;
        while (m.find()) {
            String id = m.group().toUpperCase(java.util.Locale.ROOT);
            if (IdNumbers.isValid(id)) {
                return Optional.of(id);
            }
            if (first == null) {
                first = id;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The date on the line of {@code label} (or the next line), as YYYY-MM-DD; empty if none or impossible. */
    private static Optional<String> labelledDate(List<String> lines, String label) {
        Optional<String> v = valueAfter(lines, label);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().replace(" ", "");
        Matcher m = DATE_CN.matcher(s);
        if (m.find()) {
            return isoDate(m.group(1), m.group(2), m.group(3));
        }
        m = DATE_DOTS.matcher(s);
        if (m.find()) {
            return isoDate(m.group(1), m.group(2), m.group(3));
        }
        m = Pattern.compile("(?<![0-9])(\\d{4})(\\d{2})(\\d{2})(?![0-9])").matcher(s);
        return m.find() ? isoDate(m.group(1), m.group(2), m.group(3)) : Optional.empty();
    }

    static Optional<String> isoDate(String y, String m, String d) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(y), Integer.parseInt(m), Integer.parseInt(d));
            if (date.getYear() < 1880 || date.getYear() > 2200) {
                return Optional.empty();
            }
            return Optional.of(date.toString());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The text after {@code label} on its line (up to the next known label on the same line); if the label stands
     * alone, the next line that is not itself a label.
     */
    static Optional<String> valueAfter(List<String> lines, String label) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = indexOfLabel(line, label);
            if (at < 0) {
                continue;
            }
            String rest = line.substring(at + label.length()).replaceFirst("^[\\s:：]+", "");
            rest = cutAtNextLabel(rest, label);
            if (!rest.isBlank()) {
                return Optional.of(rest.strip());
            }
            if (i + 1 < lines.size() && startsWithLabel(lines.get(i + 1)).isEmpty()) {
                return Optional.of(lines.get(i + 1).strip());
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Where the label starts, not counting places where it is only part of a longer label ("出生" in "出生地"). */
    private static int indexOfLabel(String line, String label) {
        int from = 0;
        while (true) {
            int at = line.indexOf(label, from);
            if (at < 0) {
                return -1;
            }
            boolean partOfLonger = false;
            for (String other : LABELS) {
                if (other.length() > label.length() && other.contains(label)) {
                    int off = other.indexOf(label);
                    int start = at - off;
                    if (start >= 0 && line.startsWith(other, start)) {
                        partOfLonger = true;
                        break;
                    }
                }
            }
            if (!partOfLonger) {
                return at;
            }
            from = at + 1;
        }
    }

    private static String cutAtNextLabel(String rest, String label) {
        int cut = rest.length();
        for (String other : LABELS) {
            if (other.equals(label) || other.length() < 2) {
                continue;
            }
            int at = rest.indexOf(other);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return rest.substring(0, cut);
    }

    private static Optional<String> startsWithLabel(String line) {
        String l = line.strip();
        return LABELS.stream().filter(l::startsWith).findFirst();
    }

    /** The labelled value and its continuation lines, up to the next labelled line. */
    private static String address(List<String> lines, String label, List<String> stops) {
        for (int i = 0; i < lines.size(); i++) {
            int at = indexOfLabel(lines.get(i), label);
            if (at < 0) {
                continue;
            }
            StringBuilder b = new StringBuilder(cutAtNextLabel(lines.get(i).substring(at + label.length()), label));
            for (int j = i + 1; j < lines.size(); j++) {
                String next = lines.get(j);
                if (startsWithLabel(next).isPresent() || stops.stream().anyMatch(next::contains)) {
                    break;
                }
                b.append(next);
            }
            return compact(b.toString().replaceFirst("^[\\s:：]+", ""));
        }
        return "";
    }

    private static String compact(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** Full-width letters, digits and colons folded to ASCII; the rest as read. */
    static String normalise(String line) {
        StringBuilder b = new StringBuilder(line.length());
        for (char c : line.strip().toCharArray()) {
            if (c >= '！' && c <= '～' && c != '（' && c != '）' && c != '，') {
                char a = (char) (c - 0xFEE0);
                b.append(Character.isLetterOrDigit(a) || a == ':' || a == '.' || a == '-' ? a : c);
            } else if (c == '\u3000') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static final class Fields {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<RecognisedDocument.FieldProblem> problems = new ArrayList<>();

        void put(String key, String value) {
            values.put(key, value);
        }

        void problem(String field, RecognisedDocument.Issue issue) {
            RecognisedDocument.FieldProblem p = new RecognisedDocument.FieldProblem(field, issue);
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
    }
}
