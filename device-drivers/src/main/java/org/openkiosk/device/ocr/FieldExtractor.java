package org.openkiosk.device.ocr;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.idcard.Nations;
import org.openkiosk.device.ocr.BoxLayout.Wrap;

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
 *
 * <p>Given the engine's text boxes ({@link #extract(OcrText)}), each value is read by position beside its label
 * ({@link BoxLayout}): grid cells, wide letter spacing, labels on two lines, wrapped values that stop at the next
 * label; the flat text is the fallback for a label not found that way. Every value carries a {@link
 * RecognisedDocument.Reading} (its confidence and the line it was read on); one below {@link #MIN_CONFIDENCE} is
 * reported as {@link RecognisedDocument.Issue#LOW_CONFIDENCE}. Characters are kept as printed: no conversion
 * between traditional and simplified forms, rare characters and compound surnames as read.
 */
public final class FieldExtractor {
    private static final Pattern DATE_CN = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日?");
    private static final Pattern DATE_DOTS = Pattern.compile("(\\d{4})[.\\-/](\\d{1,2})[.\\-/](\\d{1,2})");
    private static final Pattern CREDIT_CODE = Pattern.compile("(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])");
    private static final List<String> LABELS = List.of("姓名", "性别", "民族", "出生", "住址", "公民身份号码", "签发机关",
            "有效期限", "户主", "与户主关系", "曾用名", "籍贯", "出生地", "出生日期", "公民身份证件编号", "统一社会信用代码",
            "名称", "类型", "法定代表人", "经营者", "住所", "经营场所", "注册资本", "成立日期", "营业期限", "经营范围",
            "宗教信仰", "文化程度", "婚姻状况", "兵役状况", "服务处所", "职业", "身高", "血型", "登记日期",
            "本市（县）其他住址", "何时由何地迁来本市（县）", "何时由何地迁来本址");

    /** Every label the papers print, compact: a value read by position stops at any of them. */
    private static final Set<String> BOX_LABELS = Set.of("姓名", "性别", "民族", "出生", "住址", "公民身份号码", "签发机关",
            "有效期限", "户主姓名", "户主或与户主关系", "与户主关系", "曾用名", "籍贯", "出生地", "出生日期", "公民身份证件编号",
            "统一社会信用代码", "名称", "类型", "法定代表人", "经营者", "负责人", "投资人", "执行事务合伙人", "住所", "经营场所",
            "主要经营场所", "营业场所", "注册资本", "注册日期", "成立日期", "营业期限", "经营范围", "登记机关", "组成形式",
            "宗教信仰", "文化程度", "婚姻状况", "兵役状况", "服务处所", "职业", "身高", "血型", "登记日期", "承办人签章",
            "本市(县)其他住址", "何时由何地迁来本市(县)", "本市（县）其他住址", "何时由何地迁来本市（县）", "何时由何地迁来本址", "何时由何地迁往何地", "户号", "户别",
            "户口登记机关", "签发日期", "常住人口登记卡", "营业执照", "居民身份证", "中华人民共和国");

    /**
     * A value whose least certain character the engine scored below this is not trusted as read: the resident is
     * asked to check it. PP-OCRv4 scores characters it reads right on these papers above about 0.9; a character it
     * has no glyph for (a rare one such as 䶮) or a smudged digit scores far lower.
     */
    public static final double MIN_CONFIDENCE = 0.80;

    private final LocalDate today;
    /** The current page's layout when read from boxes; null when only the flat text is known. */
    private BoxLayout layout;
    /** The current page's lines with their confidences. */
    private List<OcrText.Line> ocrLines = List.of();
    /** The current page's boxes as the engine read them, with their other readings. */
    private List<OcrText.Line> ocrBoxes = List.of();
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern PRINTED_DATE = Pattern.compile("(\\d{4})\\D{1,2}(\\d{1,2})\\D{1,2}(\\d{1,2})");

    /** @param today the date validity periods are judged against */
    public FieldExtractor(LocalDate today) {
        this.today = today;
    }

    /** A kind and its checked fields. */
    public record Extraction(DocumentType type, Map<String, String> fields, List<RecognisedDocument.FieldProblem> problems,
                             Map<String, RecognisedDocument.Reading> readings) {
        public Extraction(DocumentType type, Map<String, String> fields, List<RecognisedDocument.FieldProblem> problems) {
            this(type, fields, problems, Map.of());
        }
    }

    /** Empty when the text has nothing to read. From the flat text alone: no confidences, no positions. */
    public Optional<Extraction> extract(String text) {
        layout = null;
        ocrLines = List.of();
        return extractLines(text);
    }

    /**
     * Empty when the page has nothing to read. With the engine's boxes, values are read by position; every value
     * carries its confidence and line.
     */
    public Optional<Extraction> extract(OcrText text) {
        ocrLines = text.lines();
        ocrBoxes = text.boxes();
        layout = text.boxes().isEmpty() ? null : new BoxLayout(text.boxes(), BOX_LABELS, text.lines());
        try {
            return extractLines(text.text());
        } finally {
            layout = null;
            ocrLines = List.of();
            ocrBoxes = List.of();
        }
    }

    private Optional<Extraction> extractLines(String text) {
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

    /** The value beside {@code label} read by position, when the page came with boxes and the label was found. */
    private Optional<BoxLayout.Value> boxed(String label, Wrap wrap) {
        if (layout == null) {
            return Optional.empty();
        }
        return layout.value(BoxLayout.key(label), wrap).filter(v -> !v.text().isEmpty());
    }

    /** The value beside {@code label} read by position, recorded as {@code field}'s reading. */
    private Optional<String> boxed(Fields f, String field, String label, Wrap wrap) {
        return boxed(label, wrap).map(v -> {
            f.read(field, v);
            return v.text();
        });
    }

    /** The first labelled value found by position, else by the flat text. */
    private Optional<String> labelled(Fields f, String field, List<String> lines, Wrap wrap, String... labels) {
        for (String label : labels) {
            Optional<String> v = boxed(f, field, label, wrap);
            if (v.isPresent()) {
                return v;
            }
        }
        for (String label : labels) {
            Optional<String> v = switch (wrap) {
                case COLUMN -> Optional.of(address(lines, label, List.of("公民身份号码", "签发机关", "有效期限")))
                        .filter(a -> !a.isEmpty());
                case ALONE -> nameAfter(lines, label);
                case NONE -> valueAfter(lines, label).map(FieldExtractor::compact);
            };
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
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
        String t = flat.replaceAll("\\s", "");
        boolean front = count(t, "姓名", "性别", "民族", "住址", "公民身份号码") >= 2;
        boolean back = count(t, "签发机关", "有效期限") >= 1;
        if (front || !back) {
            f.put("name", personName(labelled(f, "name", lines, Wrap.ALONE, "姓名").orElse("")));
            f.put("sex", sex(f, flat));
            f.put("nation", nation(f, flat));
            f.put("birthDate", boxedDate(f, "birthDate", "出生").or(() -> labelledDate(lines, "出生")).orElse(""));
            f.put("address", labelled(f, "address", lines, Wrap.COLUMN, "住址").orElse(""));
            f.put("idNumber", boxedIdNumber(f, flat).or(() -> idNumber(flat)).orElse(""));
            checkPerson(f, true);
        }
        if (back) {
            // a long issuer wraps in its column on the card; flat text has no columns, and on a copy of both sides
            // the line after it may be the front's
            f.put("issuer", boxed(f, "issuer", "签发机关", Wrap.COLUMN)
                    .or(() -> valueAfter(lines, "签发机关").map(FieldExtractor::compact)).orElse(""));
            Optional<BoxLayout.Value> v = boxed("有效期限", Wrap.NONE);
            v.ifPresent(val -> {
                f.read("validFrom", val);
                f.read("validUntil", val);
            });
            validity(f, v.map(BoxLayout.Value::text).or(() -> valueAfter(lines, "有效期限")).orElse(""));
        }
        return f.done(DocumentType.ID_CARD);
    }

    private String sex(Fields f, String flat) {
        Optional<BoxLayout.Value> v = boxed("性别", Wrap.NONE).filter(x -> x.text().startsWith("男") || x.text().startsWith("女"));
        if (v.isPresent()) {
            f.read("sex", v.get());
            return v.get().text().substring(0, 1);
        }
        Matcher sex = Pattern.compile("性别\\s*([男女])").matcher(flat);
        return sex.find() ? sex.group(1) : "";
    }

    private String nation(Fields f, String flat) {
        Optional<BoxLayout.Value> v = boxed("民族", Wrap.NONE);
        if (v.isPresent()) {
            f.read("nation", v.get());
            return knownNationPrefix(v.get().text());
        }
        return nation(flat);
    }

    private static String nation(String flat) {
        Matcher m = Pattern.compile("民族\\s*([\\p{IsHan}]{1,5})").matcher(flat);
        if (!m.find()) {
            return "";
        }
        return knownNationPrefix(m.group(1));
    }

    /** The value may run into the next label ("维吾尔出生..."): the longest known nation name it starts with, and 族. */
    private static String knownNationPrefix(String v) {
        String best = "";
        for (String name : Nations.all().values()) {
            if (v.startsWith(name) && name.length() > best.length()) {
                best = name;
            }
        }
        if (best.isEmpty()) {
            return v;
        }
        return v.startsWith(best + "族") ? best + "族" : best;
    }

    private Optional<String> boxedDate(Fields f, String field, String... labels) {
        for (String label : labels) {
            Optional<BoxLayout.Value> v = boxed(label, Wrap.NONE);
            if (v.isPresent()) {
                Optional<String> d = parseDate(v.get().text());
                if (d.isPresent()) {
                    f.read(field, v.get());
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The number beside its label; when that fails its check, a number elsewhere on the page that passes it (the
     * engine may have read the same number twice, once with a wrong digit); else the number as read beside its
     * label, which fails its check downstream.
     */
    private Optional<String> boxedIdNumber(Fields f, String flat) {
        for (String label : List.of("公民身份号码", "公民身份证件编号")) {
            Optional<BoxLayout.Value> v = boxed(label, Wrap.NONE);
            if (v.isPresent()) {
                Optional<String> id = IdNumberCandidates.choose(v.get().text());
                if (id.isPresent()) {
                    if (!IdNumberCandidates.valid(id.get())) {
                        Optional<String> elsewhere = IdNumberCandidates.choose(flat).filter(IdNumberCandidates::valid);
                        if (elsewhere.isPresent()) {
                            return elsewhere;
                        }
                    }
                    f.read("idNumber", v.get());
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    private void validity(Fields f, String v) {
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
        // a household card has no 名称: a label read as 名称 is the 名 of 姓　　名 whose 姓 the engine did not see
        // (detection at a smaller size loses a lone character of a label printed wide)
        f.put("name", personName(labelled(f, "name", lines, Wrap.NONE, "姓名", "名称").orElse("")));
        f.put("relation", labelled(f, "relation", lines, Wrap.NONE, "户主或与户主关系", "与户主关系").orElse(""));
        f.put("sex", sex(f, flat));
        f.put("nation", nation(f, flat));
        f.put("birthDate", boxedDate(f, "birthDate", "出生日期")
                .or(() -> labelledDate(lines, "出生日期")).or(() -> labelledDate(lines, "出生")).orElse(""));
        f.put("birthplace", labelled(f, "birthplace", lines, Wrap.NONE, "出生地").orElse(""));
        f.put("idNumber", boxedIdNumber(f, flat).or(() -> idNumber(flat)).orElse(""));
        // a household card prints no 住址 of its own: by position only an exact 住址 label counts, never 其他住址
        f.put("address", layout != null ? boxed(f, "address", "住址", Wrap.COLUMN).orElse("")
                : address(lines, "住址", List.of()));
        checkPerson(f, false);
        return f.done(DocumentType.HOUSEHOLD_REGISTER);
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
        } else {
            f.vouched.add("creditCode"); // passes its check character, however its letters were read
        }
        f.put("name", parentheses(labelled(f, "name", lines, Wrap.COLUMN, "名称").orElse("")));
        f.put("type", parentheses(labelled(f, "type", lines, Wrap.COLUMN, "类型").orElse("")));
        f.put("legalRepresentative", personName(labelled(f, "legalRepresentative", lines, Wrap.NONE, "法定代表人",
                "经营者", "负责人", "执行事务合伙人", "投资人").orElse("")));
        f.put("address", labelled(f, "address", lines, Wrap.COLUMN, "住所", "经营场所", "主要经营场所", "营业场所").orElse(""));
        f.put("registeredCapital", labelled(f, "registeredCapital", lines, Wrap.NONE, "注册资本").orElse(""));
        Optional<String> est = boxedDate(f, "establishedDate", "成立日期", "注册日期")
                .or(() -> labelledDate(lines, "成立日期")).or(() -> labelledDate(lines, "注册日期"));
        f.put("establishedDate", est.orElse(""));
        if (est.isPresent() && LocalDate.parse(est.get()).isAfter(today)) {
            f.problem("establishedDate", RecognisedDocument.Issue.BAD_DATE);
        } else if (est.isPresent() && est.equals(termStart(lines)) && printings(flat, est.get()) >= 2) {
            f.confirmed.add("establishedDate");
        }
        if (layout != null) {
            boxed("经营范围", Wrap.COLUMN).ifPresent(v -> {
                f.put("businessScope", v.text());
                f.read("businessScope", v);
            });
        }
        return f.done(DocumentType.BUSINESS_LICENCE);
    }

    /** The first day of the business term (营业期限 2022年07月27日至长期): a company's term runs from its founding. */
    private Optional<String> termStart(List<String> lines) {
        return boxed("营业期限", Wrap.NONE).flatMap(v -> parseDate(v.text())).or(() -> labelledDate(lines, "营业期限"));
    }

    /** How many times {@code date} (YYYY-MM-DD) is printed in the text, in any of the forms dates are printed in. */
    static int printings(String text, String date) {
        String t = text.replace(" ", "");
        int n = 0;
        for (Pattern p : List.of(DATE_CN, DATE_DOTS)) {
            Matcher m = p.matcher(t);
            while (m.find()) {
                if (isoDate(m.group(1), m.group(2), m.group(3)).filter(date::equals).isPresent()) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * A company's name and type take full-width parentheses (启航（西安）餐饮管理有限公司, 有限责任公司（自然人独资）) and
     * never angle brackets: a bracket read as 〈, ＜ or a half-width ( is the parenthesis that is printed.
     */
    static String parentheses(String value) {
        return value.replaceAll("[(〈《<＜]", "（").replaceAll("[)〉》>＞]", "）");
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
        f.vouched.add("idNumber");
        String idBirth = id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14);
        String birth = f.values.getOrDefault("birthDate", "");
        if (birth.isEmpty()) {
            // unreadable on the copy but certain from the checked number: the card prints the same date
            f.values.put("birthDate", idBirth);
            copyReading(f, "idNumber", "birthDate");
        } else if (!birth.equals(idBirth)) {
            f.problem("birthDate", RecognisedDocument.Issue.INCONSISTENT);
        } else {
            f.confirmed.add("birthDate");
        }
        f.vouched.add("birthDate"); // the number's own or agreeing with it (one that disagrees has its problem)
        String sex = f.values.getOrDefault("sex", "");
        String idSex = (id.charAt(16) - '0') % 2 == 1 ? "男" : "女";
        if (sex.isEmpty()) {
            f.values.put("sex", idSex);
            copyReading(f, "idNumber", "sex");
        } else if (!sex.equals(idSex)) {
            f.problem("sex", RecognisedDocument.Issue.INCONSISTENT);
        } else {
            f.confirmed.add("sex");
        }
        f.vouched.add("sex");
    }

    private static void copyReading(Fields f, String from, String to) {
        RecognisedDocument.Reading r = f.readings.get(from);
        if (r != null) {
            f.readings.put(to, r);
        }
    }

    private static Optional<String> idNumber(String flat) {
        return IdNumberCandidates.choose(flat);
    }

    /** The date on the line of {@code label} (or the next line), as YYYY-MM-DD; empty if none or impossible. */
    private static Optional<String> labelledDate(List<String> lines, String label) {
        Optional<String> v = valueAfter(lines, label);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return parseDate(v.get());
    }

    /** The first date in {@code value} (年月日, dotted or eight digits), as YYYY-MM-DD; empty if none or impossible. */
    static Optional<String> parseDate(String value) {
        String s = value.replace(" ", "");
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

    /**
     * A name after its label, and when it is a transliterated one (买买提·艾力: the only names long enough to wrap) and
     * the next line holds nothing but more of it, that line too; flat text has no columns, and below a short name
     * stands 性别's line.
     */
    private static Optional<String> nameAfter(List<String> lines, String label) {
        Optional<String> name = valueAfter(lines, label).map(v -> personName(compact(v)));
        if (name.isEmpty() || !name.get().contains("·")) {
            return name;
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (personName(compact(lines.get(i))).endsWith(name.get())) {
                String next = personName(compact(lines.get(i + 1)));
                boolean more = next.matches("[\\p{IsHan}·]+") && LABELS.stream().noneMatch(next::contains);
                return Optional.of(more ? name.get() + next : name.get());
            }
        }
        return name;
    }

    /** Whether {@code field} of a paper of {@code type} is a person's name (a licence's 名称 is a company's). */
    private static boolean isPersonName(DocumentType type, String field) {
        return type == DocumentType.BUSINESS_LICENCE ? field.equals("legalRepresentative") : field.equals("name");
    }

    /**
     * What a recogniser reads for the middle dot of a transliterated name (买买提·艾力, 阿依古丽·吐尔逊), which every
     * register and the ID card print as · (U+00B7): a full stop, bullet, katakana middle dot or hyphen between two
     * characters, with any spaces around it.
     */
    private static final Pattern NAME_DOT = Pattern.compile("(?<=\\p{IsHan})\\s*[·.．。•‧・∙⋅･\\-－‐—]\\s*(?=\\p{IsHan})");

    /** A person's name with its middle dot as printed, however it was read (a form compared with the register). */
    static String personName(String name) {
        return NAME_DOT.matcher(name).replaceAll("·");
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

    /** Marks no value begins with: a cell's ruled line read as |, a speck read as a quotation mark or a comma. */
    private static final String STRAY_BEFORE = "|｜“”\"'‘’，,、.。:：;；";

    /** The value without the stray marks before it, or a ruled line read as | after it. */
    static String withoutStrayMarks(String value) {
        int start = 0;
        while (start < value.length()
                && (STRAY_BEFORE.indexOf(value.charAt(start)) >= 0 || Character.isWhitespace(value.charAt(start)))) {
            start++;
        }
        int end = value.length();
        while (end > start
                && ("|｜".indexOf(value.charAt(end - 1)) >= 0 || Character.isWhitespace(value.charAt(end - 1)))) {
            end--;
        }
        return value.substring(start, end);
    }

    /** The longest label a paper prints that {@code text} begins with (a box read as label and value together). */
    static Optional<String> leadingLabel(String text) {
        String t = text.strip();
        return BOX_LABELS.stream().filter(t::startsWith).max(java.util.Comparator.comparingInt(String::length));
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

    private final class Fields {
        final Map<String, String> values = new LinkedHashMap<>();
        final List<RecognisedDocument.FieldProblem> problems = new ArrayList<>();
        final Map<String, RecognisedDocument.Reading> readings = new LinkedHashMap<>();
        /**
         * Values that pass a check of their own (an identity number or credit code by its check character) or agree
         * with a checked identity number (sex, birth date): certain without a reading of their own.
         */
        final java.util.Set<String> vouched = new java.util.HashSet<>();
        /**
         * Values read twice from two printings on the paper that agree (a birth date and the identity number's date,
         * a founding date and the first day of the business term): a misreading would have to be made the same way in
         * both places, so a low score of the one reading does not make it doubtful.
         */
        final java.util.Set<String> confirmed = new java.util.HashSet<>();

        void put(String key, String value) {
            values.put(key, withoutStrayMarks(value));
        }

        void read(String field, BoxLayout.Value v) {
            readings.put(field, new RecognisedDocument.Reading(v.confidence(), v.line(), v.lineText()));
        }

        void problem(String field, RecognisedDocument.Issue issue) {
            RecognisedDocument.FieldProblem p = new RecognisedDocument.FieldProblem(field, issue);
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }

        /**
         * Every value read gets its reading (by position, else the line of the text it was found on); a nation not in
         * the list and a value the engine was not sure of are problems like a failed check.
         */
        Extraction done(DocumentType type) {
            Map<String, RecognisedDocument.Reading> out = new LinkedHashMap<>();
            values.forEach((field, value) -> {
                if (value.isEmpty()) {
                    return;
                }
                RecognisedDocument.Reading r = readings.get(field);
                if (r == null) {
                    r = fromLines(value);
                }
                if (r != null) {
                    out.put(field, r);
                }
            });
            String nation = values.getOrDefault("nation", "");
            if (!nation.isEmpty() && !Nations.all().containsValue(nation.endsWith("族") && nation.length() > 1
                    ? nation.substring(0, nation.length() - 1) : nation)) {
                problem("nation", RecognisedDocument.Issue.NOT_IN_LIST);
            }
            out.replaceAll((field, r) -> {
                if (r.confidence() < MIN_CONFIDENCE && !confirmed.contains(field)) {
                    problem(field, RecognisedDocument.Issue.LOW_CONFIDENCE);
                    return new RecognisedDocument.Reading(r.confidence(), r.line(), r.lineText(),
                            otherReadings(values.get(field), isPersonName(type, field)));
                }
                return r;
            });
            if (!ocrLines.isEmpty() && type != DocumentType.GENERIC) {
                // the engine scored its lines, but not the one this value came from: nothing vouches for it
                values.forEach((field, value) -> {
                    if (!value.isEmpty() && !out.containsKey(field) && !vouched.contains(field)
                            && !confirmed.contains(field)) {
                        problem(field, RecognisedDocument.Issue.LOW_CONFIDENCE);
                    }
                });
            }
            return new Extraction(type, values, problems, out);
        }

        /**
         * {@code value} as the other readings of the box it was read from give it (each with one doubted character
         * read as the recogniser's next guess): the choices to offer the resident besides the value itself.
         */
        private List<String> otherReadings(String value, boolean person) {
            String v = personName(compact(value));
            List<String> others = new ArrayList<>();
            for (OcrText.Line box : ocrBoxes) {
                String read = personName(compact(normalise(box.text())));
                int at = read.indexOf(v);
                if (box.otherReadings().isEmpty() || v.isEmpty() || at < 0) {
                    continue;
                }
                for (String other : box.otherReadings()) {
                    String o = personName(compact(normalise(other)));
                    others.add(o.length() == read.length() ? o.substring(at, at + v.length()) : v);
                }
                break;
            }
            if (person) {
                // a name may hold a character this model cannot write at all, read as its nearest look-alike
                int[] chars = v.codePoints().toArray();
                others.addAll(OcrText.oneChanged(v, i -> Lookalikes.shownFor(chars[i])));
            }
            return others.stream().filter(o -> !o.equals(v)).distinct().limit(PaddleEngine.OTHER_READINGS).toList();
        }

        /**
         * The first line whose compact text holds the value (or its start), with the confidence of the least certain
         * line the value was read from: that line and, for a value that wraps, the lines below it that hold its rest.
         */
        private RecognisedDocument.Reading fromLines(String value) {
            if (ISO_DATE.matcher(value).matches()) {
                return dateLine(value);
            }
            String v = personName(parentheses(compact(value).toUpperCase(java.util.Locale.ROOT)));
            String head = v.length() > 6 ? v.substring(0, 6) : v;
            for (int i = 0; i < ocrLines.size(); i++) {
                String line = compactLine(i);
                if (line.contains(v) || line.contains(head)) {
                    double confidence = ocrLines.get(i).confidence();
                    String read = line;
                    for (int next = i + 1; !read.contains(v) && next < ocrLines.size(); next++) {
                        String more = compactLine(next);
                        if (more.isEmpty() || !v.contains(more)) {
                            break;
                        }
                        read += more;
                        confidence = Math.min(confidence, ocrLines.get(next).confidence());
                    }
                    return new RecognisedDocument.Reading(confidence, i + 1, ocrLines.get(i).text());
                }
            }
            return null;
        }

        /** The first line printing {@code date} (2009-09-20) in any form (2009年09月20日, 2009.9.20). */
        private RecognisedDocument.Reading dateLine(String date) {
            for (int i = 0; i < ocrLines.size(); i++) {
                Matcher on = PRINTED_DATE.matcher(compactLine(i));
                while (on.find()) {
                    if (isoDate(on.group(1), on.group(2), on.group(3)).filter(date::equals).isPresent()) {
                        return new RecognisedDocument.Reading(ocrLines.get(i).confidence(), i + 1,
                                ocrLines.get(i).text());
                    }
                }
            }
            return null;
        }

        /** Line {@code i} as values are searched in: compact, upper case, its brackets as the values' parentheses. */
        private String compactLine(int i) {
            return personName(parentheses(compact(normalise(ocrLines.get(i).text())).toUpperCase(java.util.Locale.ROOT)));
        }
    }
}
