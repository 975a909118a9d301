package org.openkiosk.print;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A4 documents (result notices, certificates, the material checklist) rendered to PDF with PDFBox from templates
 * kept as data: {@code templates/document/NAME.json}, editable without recompiling ({@link #fromDirectory} reads
 * the file on every render).
 *
 * <p>Why JSON rather than an HTML-ish markup: a document here is a short column of blocks (heading, paragraph,
 * label/value table, list, rule, QR code, signature lines), which a list of small JSON objects states exactly and
 * Jackson (already in this module) parses with line numbers for errors; an HTML subset would need its own parser
 * and a CSS-like layout model we would only half implement. A template has two parts:
 * <pre>
 * {
 *   "title": "办件结果通知书",                      PDF title
 *   "fields": {                                     every field the data must (or may) carry
 *     "applicationNo": {"type": "text", "pattern": "[A-Za-z0-9-]{4,40}"},
 *     "decision":      {"type": "text", "oneOf": ["准予许可", "不予许可"]},
 *     "decidedAt":     {"type": "date"},            yyyy-MM-dd, printed 2024年6月1日
 *     "materials":     {"type": "list", "optional": true},
 *     "promisedDays":  {"type": "number"}            whole number
 *   },                                              also "datetime"; "maxLength" for text
 *   "blocks": [                                     top to bottom, new pages as needed
 *     {"type": "heading", "text": "办件结果通知书"},
 *     {"type": "text", "text": "{{applicantName}}：", "size": 14, "align": "left|center|right",
 *      "bold": true, "indent": 2, "if": "field"},
 *     {"type": "rows", "rows": [["证件号码", "{{idNumber|mask}}"]]},
 *     {"type": "list", "field": "materials", "item": "{{#}}. {{.}}"},    {{.key}} for map elements
 *     {"type": "rule"}, {"type": "space", "height": 24},
 *     {"type": "qr", "text": "{{queryUrl}}", "size": 90, "align": "right"}
 *   ]
 * }
 * </pre>
 * Placeholders may only name declared fields (checked when the template is loaded). Data is checked against the
 * declarations before anything is drawn: a missing, blank, mistyped or disallowed value, or a character the font
 * cannot print, is a {@link TemplateException} naming the field.
 *
 * <p>Text is drawn with one CJK TrueType font embedded as a subset (AR PL SungtiL GB, {@code gbsn00lp.ttf} from
 * Debian's fonts-arphic-gbsn00lp: Noto CJK's CFF outlines do not embed with PDFBox, and a font merely referenced
 * would depend on the printing machine); bold is the same outline filled and stroked. Not thread-safe per call:
 * calls are serialised.
 */
public final class DocumentTemplates {
    private static final Logger log = LoggerFactory.getLogger(DocumentTemplates.class);
    /** Where Debian's fonts-arphic-gbsn00lp puts the font. */
    public static final Path DEFAULT_FONT = Path.of("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf");
    private static final String RESOURCE_DIR = "templates/document/";
    private static final Pattern NAME = Placeholders.NAME;
    private static final Pattern PLACEHOLDER = Placeholders.PLACEHOLDER;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("text", "date", "datetime", "number", "list");
    private static final float MARGIN = 64f;
    private static final float BODY = 12f;

    private final Path directory;
    private final Path fontFile;
    private TrueTypeFont ttf;

    private DocumentTemplates(Path directory, Path fontFile) {
        this.directory = directory;
        this.fontFile = Objects.requireNonNull(fontFile, "fontFile");
    }

    /** The templates shipped in this module, drawn with {@link #DEFAULT_FONT}. */
    public static DocumentTemplates fromClasspath() {
        return new DocumentTemplates(null, DEFAULT_FONT);
    }

    /** Templates in {@code dir} ({@code NAME.json}), overriding the built-in ones of the same name. */
    public static DocumentTemplates fromDirectory(Path dir) {
        return new DocumentTemplates(Objects.requireNonNull(dir, "dir"), DEFAULT_FONT);
    }

    /** The same templates drawn with another TrueType (.ttf) font with CJK glyphs. */
    public DocumentTemplates withFont(Path ttfFile) {
        return new DocumentTemplates(directory, ttfFile);
    }

    /** The names of the built-in templates. */
    public static List<String> builtIn() {
        return List.of("result-notice", "certificate", "checklist", "test-page");
    }

    /**
     * Fills template {@code name} with {@code data} and lays it out on A4 pages.
     *
     * @return the PDF file's bytes, every font embedded
     * @throws TemplateException naming the field when the data does not fit, or the template when it is malformed
     */
    public synchronized byte[] render(String name, Map<String, ?> data) throws TemplateException {
        Objects.requireNonNull(data, "data");
        Template t = load(name);
        Map<String, Object> values = t.check(data);
        try (PDDocument doc = new PDDocument()) {
            PDType0Font font = PDType0Font.load(doc, font(), true);
            checkGlyphs(t, values, font);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(t.title());
            info.setCreator("OpenKiosk");
            try {
                new Layout(doc, font, t).run(values);
            } catch (IllegalArgumentException e) { // PDFBox: a glyph missing for the template's own text
                throw new TemplateException(null, "document template " + name + ": the document font cannot print its"
                        + " text: " + e.getMessage(), e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new TemplateException(null, "cannot write document " + name + ": " + e.getMessage(), e);
        }
    }

    private TrueTypeFont font() throws TemplateException {
        if (ttf == null) {
            if (!Files.isRegularFile(fontFile)) {
                throw new TemplateException(null, "document font " + fontFile + " is missing (install fonts-arphic-gbsn00lp)");
            }
            try {
                ttf = new TTFParser().parse(new RandomAccessReadBuffer(Files.readAllBytes(fontFile)));
            } catch (IOException e) {
                throw new TemplateException(null, "cannot read document font " + fontFile + ": " + e.getMessage(), e);
            }
        }
        return ttf;
    }

    private static void checkGlyphs(Template t, Map<String, Object> values, PDType0Font font) throws TemplateException {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            List<String> texts = new ArrayList<>();
            collectText(e.getValue(), texts);
            for (String s : texts) {
                int bad = s.codePoints().filter(cp -> !Character.isWhitespace(cp) && !canDraw(font, cp)).findFirst().orElse(-1);
                if (bad >= 0) {
                    throw new TemplateException(e.getKey(), "field " + e.getKey() + " of document " + t.name()
                            + " has a character the document font cannot print: '" + new String(Character.toChars(bad))
                            + "' (U+" + Integer.toHexString(bad).toUpperCase(java.util.Locale.ROOT) + ")");
                }
            }
        }
    }

    private static void collectText(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collectText(x, out));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectText(x, out));
        }
    }

    private static boolean canDraw(PDType0Font font, int cp) {
        try {
            return font.hasGlyph(cp) || font.encode(new String(Character.toChars(cp))).length > 0;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    // ---- templates ----

    private record Field(String name, String type, boolean optional, List<String> oneOf, Pattern pattern, int maxLength) {
    }

    private record Template(String name, String title, Map<String, Field> fields, List<JsonNode> blocks) {
        /** The data converted to what is drawn: strings, lists of strings or maps; dates formatted. */
        Map<String, Object> check(Map<String, ?> data) throws TemplateException {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field f : fields.values()) {
                Object v = data.get(f.name());
                if (v == null || v instanceof CharSequence s && s.toString().isBlank()
                        || v instanceof java.util.Collection<?> c && c.isEmpty()) {
                    if (f.optional()) {
                        continue;
                    }
                    throw new TemplateException(f.name(), "document " + name + " needs field " + f.name()
                            + (v == null ? "" : " (it is empty)"));
                }
                out.put(f.name(), convert(f, v));
            }
            return out;
        }

        private Object convert(Field f, Object v) throws TemplateException {
            switch (f.type()) {
                case "list" -> {
                    if (!(v instanceof Iterable<?> items)) {
                        throw bad(f, "must be a list, was " + kind(v));
                    }
                    List<Object> list = new ArrayList<>();
                    int i = 0;
                    for (Object item : items) {
                        if (item instanceof Map<?, ?> m) {
                            Map<String, String> row = new LinkedHashMap<>();
                            for (Map.Entry<?, ?> e : m.entrySet()) {
                                row.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
                            }
                            list.add(row);
                        } else if (item instanceof CharSequence || item instanceof Number) {
                            list.add(item.toString());
                        } else {
                            throw new TemplateException(f.name() + "[" + i + "]", "element " + f.name() + "[" + i
                                    + "] of document " + name + " must be text or an object, was " + kind(item));
                        }
                        i++;
                    }
                    return list;
                }
                case "number" -> {
                    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                        return v.toString();
                    }
                    if (v instanceof CharSequence s && s.toString().strip().matches("-?\\d{1,12}")) {
                        return s.toString().strip();
                    }
                    throw bad(f, "must be a whole number, was '" + v + "'");
                }
                case "date" -> {
                    LocalDate d = v instanceof LocalDate ld ? ld : v instanceof LocalDateTime ldt ? ldt.toLocalDate()
                            : v instanceof CharSequence s ? parseDate(f, s.toString().strip()) : null;
                    if (d == null) {
                        throw bad(f, "must be a date yyyy-MM-dd, was " + kind(v));
                    }
                    return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
                }
                case "datetime" -> {
                    LocalDateTime t = v instanceof LocalDateTime ldt ? ldt : v instanceof OffsetDateTime o ? o.toLocalDateTime()
                            : v instanceof ZonedDateTime z ? z.toLocalDateTime()
                            : v instanceof CharSequence s ? parseDateTime(f, s.toString().strip()) : null;
                    if (t == null) {
                        throw bad(f, "must be a date and time yyyy-MM-dd HH:mm, was " + kind(v));
                    }
                    return t.getYear() + "年" + t.getMonthValue() + "月" + t.getDayOfMonth() + "日 "
                            + DateTimeFormatter.ofPattern("HH:mm").format(t);
                }
                default -> {
                    if (!(v instanceof CharSequence || v instanceof Number || v instanceof Boolean)) {
                        throw bad(f, "must be text, was " + kind(v));
                    }
                    String s = v.toString().strip();
                    if (!f.oneOf().isEmpty() && !f.oneOf().contains(s)) {
                        throw bad(f, "must be one of " + String.join(", ", f.oneOf()) + ", was '" + s + "'");
                    }
                    if (f.pattern() != null && !f.pattern().matcher(s).matches()) {
                        throw bad(f, "'" + s + "' does not match " + f.pattern().pattern());
                    }
                    if (f.maxLength() > 0 && s.codePointCount(0, s.length()) > f.maxLength()) {
                        throw bad(f, "is longer than " + f.maxLength() + " characters");
                    }
                    return s;
                }
            }
        }

        private LocalDate parseDate(Field f, String s) throws TemplateException {
            try {
                return s.length() > 10 ? parseDateTime(f, s).toLocalDate() : LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw bad(f, "must be a date yyyy-MM-dd, was '" + s + "'");
            }
        }

        private LocalDateTime parseDateTime(Field f, String s) throws TemplateException {
            try {
                String iso = s.replace(' ', 'T');
                if (iso.matches(".*[+-]\\d\\d:\\d\\d$|.*Z$")) {
                    return OffsetDateTime.parse(iso).toLocalDateTime();
                }
                return LocalDateTime.parse(iso);
            } catch (DateTimeParseException e) {
                throw bad(f, "must be a date and time yyyy-MM-dd HH:mm, was '" + s + "'");
            }
        }

        private TemplateException bad(Field f, String what) {
            return new TemplateException(f.name(), "field " + f.name() + " of document " + name + " " + what);
        }

        private static String kind(Object v) {
            return v instanceof CharSequence ? "'" + v + "'" : v.getClass().getSimpleName();
        }
    }

    private Template load(String name) throws TemplateException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TemplateException(null, "bad document template name: " + name);
        }
        String source;
        String origin;
        Path file = directory == null ? null : directory.resolve(name + ".json");
        if (file != null && Files.isRegularFile(file)) {
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TemplateException(null, "cannot read document template " + file, e);
            }
            origin = file.toString();
        } else {
            try (InputStream in = DocumentTemplates.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".json")) {
                if (in == null) {
                    throw new TemplateException(null, "no document template named " + name);
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TemplateException(null, "cannot read built-in document template " + name, e);
            }
            origin = "built-in " + name;
        }
        return parse(name, origin, source);
    }

    static Template parse(String name, String origin, String source) throws TemplateException {
        JsonNode root;
        try {
            root = JSON.readTree(source);
        } catch (JsonProcessingException e) {
            throw syntax(origin, "not valid JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw syntax(origin, "must be a JSON object with fields and blocks");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        JsonNode fs = root.path("fields");
        if (!fs.isObject()) {
            throw syntax(origin, "\"fields\" must be an object of field declarations");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue();
            String type = d.path("type").asText("text");
            if (!TYPES.contains(type)) {
                throw syntax(origin, "field " + e.getKey() + ": type must be one of " + TYPES + ", was " + type);
            }
            List<String> oneOf = new ArrayList<>();
            d.path("oneOf").forEach(x -> oneOf.add(x.asText()));
            Pattern pattern;
            try {
                pattern = d.hasNonNull("pattern") ? Pattern.compile(d.get("pattern").asText()) : null;
            } catch (java.util.regex.PatternSyntaxException ex) {
                throw syntax(origin, "field " + e.getKey() + ": bad pattern: " + ex.getDescription());
            }
            fields.put(e.getKey(), new Field(e.getKey(), type, d.path("optional").asBoolean(false), List.copyOf(oneOf),
                    pattern, d.path("maxLength").asInt(0)));
        }
        JsonNode blocks = root.path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            throw syntax(origin, "\"blocks\" must be a non-empty array");
        }
        List<JsonNode> list = new ArrayList<>();
        int i = 0;
        for (JsonNode b : blocks) {
            String where = "block " + (i + 1);
            String type = b.path("type").asText("");
            switch (type) {
                case "heading", "text", "qr" -> needText(origin, where, b, "text", fields, false);
                case "rows" -> {
                    if (!b.path("rows").isArray()) {
                        throw syntax(origin, where + ": rows needs \"rows\": [[label, value], ...]");
                    }
                    for (JsonNode r : b.get("rows")) {
                        if (!r.isArray() || r.size() != 2) {
                            throw syntax(origin, where + ": every row is [label, value]");
                        }
                        checkPlaceholders(origin, where, r.get(0).asText(), fields, false);
                        checkPlaceholders(origin, where, r.get(1).asText(), fields, false);
                    }
                }
                case "list" -> {
                    Field f = fields.get(b.path("field").asText(""));
                    if (f == null || !f.type().equals("list")) {
                        throw syntax(origin, where + ": list needs \"field\" naming a declared list field");
                    }
                    needText(origin, where, b, "item", fields, true);
                }
                case "rule", "space" -> { }
                case "signature" -> {
                    Field f = fields.get(b.path("field").asText(""));
                    if (f == null || !f.type().equals("list")) {
                        throw syntax(origin, where + ": signature needs \"field\" naming a declared list field");
                    }
                    needText(origin, where, b, "label", fields, false);
                }
                default -> throw syntax(origin, where + ": unknown block type '" + type
                        + "' (heading, text, rows, list, rule, space, qr, signature)");
            }
            if (b.has("if") && !fields.containsKey(b.get("if").asText())) {
                throw syntax(origin, where + ": \"if\" names undeclared field " + b.get("if").asText());
            }
            String align = b.path("align").asText("left");
            if (!List.of("left", "center", "right").contains(align)) {
                throw syntax(origin, where + ": align must be left, center or right");
            }
            list.add(b);
            i++;
        }
        return new Template(name, root.path("title").asText(name), fields, List.copyOf(list));
    }

    private static void needText(String origin, String where, JsonNode b, String key, Map<String, Field> fields,
                                 boolean itemsAllowed) throws TemplateException {
        if (!b.path(key).isTextual() || b.get(key).asText().isBlank()) {
            throw syntax(origin, where + ": needs \"" + key + "\"");
        }
        checkPlaceholders(origin, where, b.get(key).asText(), fields, itemsAllowed);
    }

    private static void checkPlaceholders(String origin, String where, String text, Map<String, Field> fields,
                                          boolean itemsAllowed) throws TemplateException {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String f = m.group(1);
            boolean item = f.equals("#") || f.startsWith(".");
            if (!item && !fields.containsKey(f) || item && !itemsAllowed) {
                throw syntax(origin, where + ": {{" + f + "}} is not a declared field");
            }
            if (m.group(2) != null && !m.group(2).equals("mask")) {
                throw syntax(origin, where + ": unknown filter |" + m.group(2));
            }
        }
        if (PLACEHOLDER.matcher(text).replaceAll("").contains("{{")) {
            throw syntax(origin, where + ": malformed placeholder in: " + text);
        }
    }

    private static TemplateException syntax(String origin, String message) {
        return new TemplateException(null, "document template " + origin + ": " + message);
    }

    // ---- layout ----

    private static final class Layout {
        private final PDDocument doc;
        private final PDType0Font font;
        private final Template t;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
        private PDPageContentStream cs;
        private float y;

        Layout(PDDocument doc, PDType0Font font, Template t) {
            this.doc = doc;
            this.font = font;
            this.t = t;
        }

        void run(Map<String, Object> values) throws IOException {
            newPage();
            try {
                for (JsonNode b : t.blocks()) {
                    if (b.has("if") && !values.containsKey(b.get("if").asText())) {
                        continue;
                    }
                    block(b, values);
                }
            } finally {
                cs.close();
            }
        }

        private void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void need(float height) throws IOException {
            if (y - height < MARGIN) {
                newPage();
            }
        }

        private void block(JsonNode b, Map<String, Object> values) throws IOException {
            String align = b.path("align").asText("left");
            float size = (float) b.path("size").asDouble(b.path("type").asText().equals("heading") ? 22 : BODY);
            boolean bold = b.path("bold").asBoolean(b.path("type").asText().equals("heading"));
            switch (b.path("type").asText()) {
                case "heading" -> paragraph(fill(b.get("text").asText(), values, null), size, b.path("align").asText("center"),
                        bold, 0, 0);
                case "text" -> paragraph(fill(b.get("text").asText(), values, null), size, align, bold,
                        b.path("indent").asInt(0), 0);
                case "list" -> {
                    @SuppressWarnings("unchecked")
                    List<Object> items = (List<Object>) values.getOrDefault(b.get("field").asText(), List.of());
                    for (int i = 0; i < items.size(); i++) {
                        paragraph(fill(b.get("item").asText(), values, new Item(items.get(i), i)), size, align, bold, 0,
                                b.path("hang").asInt(2));
                    }
                }
                case "rows" -> rows(b, values, size);
                case "rule" -> {
                    need(12);
                    y -= 6;
                    cs.setLineWidth(0.8f);
                    cs.moveTo(MARGIN, y);
                    cs.lineTo(MARGIN + width, y);
                    cs.stroke();
                    y -= 6;
                }
                case "space" -> y -= (float) b.path("height").asDouble(BODY);
                case "qr" -> qr(fill(b.get("text").asText(), values, null), (float) b.path("size").asDouble(90), align);
                case "signature" -> {
                    @SuppressWarnings("unchecked")
                    List<Object> strokes = (List<Object>) values.getOrDefault(b.get("field").asText(), List.of());
                    signature(fill(b.get("label").asText(), values, null), strokes, size,
                            (float) b.path("width").asDouble(220), (float) b.path("height").asDouble(90));
                }
                default -> throw new IllegalStateException("parser let through block " + b);
            }
        }

        private record Item(Object value, int index) {
        }

        private String fill(String text, Map<String, Object> values, Item item) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String f = m.group(1);
                String v;
                if (f.equals("#")) {
                    v = String.valueOf(item.index() + 1);
                } else if (f.equals(".")) {
                    v = item.value() instanceof Map<?, ?> map ? String.join(" ", map.values().stream().map(String::valueOf).toList())
                            : String.valueOf(item.value());
                } else if (f.startsWith(".")) {
                    v = item.value() instanceof Map<?, ?> map && map.get(f.substring(1)) != null
                            ? String.valueOf(map.get(f.substring(1))) : "";
                } else {
                    Object o = values.get(f);
                    v = o == null ? "" : o instanceof List<?> l ? String.join("、", l.stream().map(String::valueOf).toList())
                            : o.toString();
                }
                if ("mask".equals(m.group(2)) && !v.isEmpty()) {
                    v = Masking.idNumber(v);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        /** Wrapped text; {@code indent} first-line indent in characters, {@code hang} indent of following lines. */
        private void paragraph(String text, float size, String align, boolean bold, int indent, int hang) throws IOException {
            float leading = size * 1.6f;
            for (String para : text.split("\n", -1)) {
                List<String> lines = wrap(para, size, width - indent * size, width - hang * size);
                if (lines.isEmpty()) {
                    need(leading);
                    y -= leading;
                }
                for (int i = 0; i < lines.size(); i++) {
                    need(leading);
                    y -= leading;
                    float left = MARGIN + (i == 0 ? indent : hang) * size;
                    float w = width(lines.get(i), size);
                    float x = switch (align) {
                        case "center" -> MARGIN + (width - w) / 2;
                        case "right" -> MARGIN + width - w;
                        default -> left;
                    };
                    draw(lines.get(i), x, y + size * 0.3f, size, bold);
                }
            }
        }

        private void draw(String s, float x, float baseline, float size, boolean bold) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            if (bold) {
                cs.setRenderingMode(RenderingMode.FILL_STROKE);
                cs.setLineWidth(size * 0.04f);
            } else {
                cs.setRenderingMode(RenderingMode.FILL);
            }
            cs.newLineAtOffset(x, baseline);
            cs.showText(s);
            cs.endText();
        }

        private float width(String s, float size) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }

        private List<String> wrap(String text, float size, float firstWidth, float restWidth) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            float w = 0;
            int lastSpace = -1;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                float cw = width(ch, size);
                float max = lines.isEmpty() ? firstWidth : restWidth;
                if (w + cw > max && line.length() > 0) {
                    String rest = "";
                    if (cp < 0x80 && !Character.isWhitespace(cp) && lastSpace > 0) { // do not split a Latin word
                        rest = line.substring(lastSpace + 1);
                        line.setLength(lastSpace);
                    }
                    lines.add(line.toString().stripTrailing());
                    line = new StringBuilder(rest);
                    w = width(rest, size);
                    lastSpace = -1;
                    if (Character.isWhitespace(cp)) {
                        i += Character.charCount(cp);
                        continue;
                    }
                }
                if (cp == ' ') {
                    lastSpace = line.length();
                } else if (cp >= 0x80) {
                    lastSpace = -1;
                }
                line.append(ch);
                w += cw;
                i += Character.charCount(cp);
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
            return lines;
        }

        private void rows(JsonNode b, Map<String, Object> values, float size) throws IOException {
            float labelWidth = width * (float) b.path("labelShare").asDouble(0.28);
            float pad = 6f;
            float leading = size * 1.5f;
            for (JsonNode r : b.get("rows")) {
                String label = fill(r.get(0).asText(), values, null);
                String value = fill(r.get(1).asText(), values, null);
                List<String> ls = wrap(label, size, labelWidth - 2 * pad, labelWidth - 2 * pad);
                List<String> vs = wrap(value, size, width - labelWidth - 2 * pad, width - labelWidth - 2 * pad);
                float h = Math.max(ls.size(), vs.size()) * leading + 2 * pad;
                need(h);
                float top = y;
                cs.setLineWidth(0.6f);
                cs.addRect(MARGIN, top - h, labelWidth, h);
                cs.addRect(MARGIN + labelWidth, top - h, width - labelWidth, h);
                cs.stroke();
                float ty = top - pad;
                for (String s : ls) {
                    ty -= leading;
                    draw(s, MARGIN + pad, ty + size * 0.35f, size, true);
                }
                ty = top - pad;
                for (String s : vs) {
                    ty -= leading;
                    draw(s, MARGIN + labelWidth + pad, ty + size * 0.35f, size, false);
                }
                y = top - h;
            }
        }

        /**
         * A handwritten signature: its label, then a box of {@code w x h} points on the right of it with each stroke
         * drawn as a line through its points. A stroke is {@code "x,y x,y ..."}, x and y fractions (0 to 1) of the
         * box, y from the top; anything else in it is skipped.
         */
        private void signature(String label, List<Object> strokes, float size, float w, float h) throws IOException {
            need(h + 8);
            float top = y - 4;
            float labelWidth = width(label, size);
            draw(label, MARGIN, top - h + size * 0.4f, size, true);
            float left = MARGIN + labelWidth + size;
            float boxWidth = Math.min(w, MARGIN + width - left);
            cs.setLineWidth(0.6f);
            cs.moveTo(left, top - h);
            cs.lineTo(left + boxWidth, top - h);
            cs.stroke();
            cs.setLineWidth(1.6f);
            cs.setLineCapStyle(1);
            cs.setLineJoinStyle(1);
            for (Object stroke : strokes) {
                boolean first = true;
                for (String point : String.valueOf(stroke).trim().split("\\s+")) {
                    String[] xy = point.split(",");
                    if (xy.length != 2) {
                        continue;
                    }
                    float px;
                    float py;
                    try {
                        px = left + Math.max(0f, Math.min(1f, Float.parseFloat(xy[0]))) * boxWidth;
                        py = top - Math.max(0f, Math.min(1f, Float.parseFloat(xy[1]))) * h;
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (first) {
                        cs.moveTo(px, py);
                        first = false;
                    } else {
                        cs.lineTo(px, py);
                    }
                }
                if (!first) {
                    cs.stroke();
                }
            }
            cs.setLineWidth(1f);
            y = top - h - 4;
        }

        private void qr(String data, float side, String align) throws IOException {
            ByteMatrix m;
            try {
                m = Encoder.encode(data, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix();
            } catch (WriterException e) {
                throw new IOException("cannot make QR code of " + data.length() + " characters: " + e.getMessage(), e);
            }
            need(side + 8);
            float module = side / m.getWidth();
            float left = switch (align) {
                case "center" -> MARGIN + (width - side) / 2;
                case "right" -> MARGIN + width - side;
                default -> MARGIN;
            };
            float top = y - 4;
            for (int yy = 0; yy < m.getHeight(); yy++) {
                for (int xx = 0; xx < m.getWidth(); xx++) {
                    if (m.get(xx, yy) == 1) {
                        cs.addRect(left + xx * module, top - (yy + 1) * module, module, module);
                    }
                }
            }
            cs.fill();
            y = top - side - 4;
            log.debug("QR code of {} characters on document {}", data.length(), t.name());
        }
    }
}
