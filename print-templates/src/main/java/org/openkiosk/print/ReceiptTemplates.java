package org.openkiosk.print;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.device.printer.EscPos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipt templates kept as data ({@code templates/receipt/NAME.txt}, UTF-8), turned into ESC/POS bytes for
 * a {@link org.openkiosk.device.printer.ReceiptPrinter}. Every receipt starts with {@code ESC @} and
 * {@code FS &} (Chinese mode); the template decides the rest, including the cut.
 *
 * <p>The format, one instruction per line:
 * <pre>
 * # a comment
 * any other line          printed as a line of text; {{field}} is replaced by its value
 * {{idNumber|mask}}       the value through a filter: mask = {@link Masking#idNumber}
 * (empty line)            an empty line
 * &#64;&#64;text                  prints "&#64;text" (a text line that starts with &#64;)
 * &#64;align left|center|right
 * &#64;size W H               character width and height multipliers, 1..8
 * &#64;bold on|off
 * &#64;rule [c]               a line of c (default '-') across the paper at the current size
 * &#64;feed N                 feed N lines
 * &#64;qr TEXT                a QR code of TEXT (placeholders allowed), at the current alignment
 * &#64;cut                    feed past the cutter and cut
 * &#64;each LIST ... &#64;end     repeat the lines for each element of LIST; inside, {{.}} is the element,
 *                         {{.key}} a key of a map element, {{#}} its number from 1
 * &#64;if FIELD ... &#64;end      the lines only when FIELD is present and not blank (or a non-empty list)
 * </pre>
 * A field that is absent, null or blank is an error naming it ({@link TemplateException#field()}); dates print
 * as {@code yyyy-MM-dd} and date-times as {@code yyyy-MM-dd HH:mm}.
 *
 * <p>{@link #fromDirectory(Path)} reads {@code DIR/NAME.txt} on every render, so a technician can change a
 * receipt without rebuilding; names with no file there fall back to the built-in ones.
 */
public final class ReceiptTemplates {
    private static final Logger log = LoggerFactory.getLogger(ReceiptTemplates.class);
    private static final String RESOURCE_DIR = "templates/receipt/";
    private static final Pattern NAME = Placeholders.NAME;
    private static final Pattern PLACEHOLDER = Placeholders.PLACEHOLDER;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int LINE_CELLS = 48;

    private final Path directory;
    private final Map<String, List<Node>> builtIn = new ConcurrentHashMap<>();

    private ReceiptTemplates(Path directory) {
        this.directory = directory;
    }

    /** The templates shipped in this module. */
    public static ReceiptTemplates fromClasspath() {
        return new ReceiptTemplates(null);
    }

    /** Templates in {@code dir} ({@code NAME.txt}), overriding the built-in ones of the same name. */
    public static ReceiptTemplates fromDirectory(Path dir) {
        return new ReceiptTemplates(Objects.requireNonNull(dir, "dir"));
    }

    /**
     * Fills template {@code templateName} (e.g. {@code application}, {@code checklist}) with {@code data}.
     *
     * @return ESC/POS bytes ready for {@link org.openkiosk.device.printer.ReceiptPrinter#print(byte[])}
     */
    public byte[] render(String templateName, Map<String, Object> data) throws TemplateException {
        Objects.requireNonNull(data, "data");
        List<Node> nodes = load(templateName);
        Renderer r = new Renderer(templateName);
        r.scopes.push(new Scope(data, null, -1, null));
        r.run(nodes);
        return r.out.bytes();
    }

    private List<Node> load(String name) throws TemplateException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TemplateException(null, "bad receipt template name: " + name);
        }
        if (directory != null) {
            Path file = directory.resolve(name + ".txt");
            if (Files.isRegularFile(file)) {
                try {
                    return parse(name, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new TemplateException(null, "cannot read receipt template " + file, e);
                }
            }
        }
        List<Node> cached = builtIn.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = ReceiptTemplates.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".txt")) {
            if (in == null) {
                throw new TemplateException(null, "no receipt template named " + name);
            }
            List<Node> parsed = parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            builtIn.put(name, parsed);
            return parsed;
        } catch (IOException e) {
            throw new TemplateException(null, "cannot read built-in receipt template " + name, e);
        }
    }

    // ---- parsing ----

    private sealed interface Node permits TextLine, Directive, Block {
    }

    private record TextLine(String text, int lineNo) implements Node {
    }

    private record Directive(String name, String arg, int lineNo) implements Node {
    }

    private record Block(String kind, String field, List<Node> body, int lineNo) implements Node {
    }

    static List<Node> parse(String template, String source) throws TemplateException {
        String[] lines = source.split("\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) {
            count--; // the newline ending the last line does not make an empty line
        }
        Deque<List<Node>> stack = new ArrayDeque<>();
        Deque<Block> open = new ArrayDeque<>();
        stack.push(new ArrayList<>());
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            String line = lines[i].stripTrailing();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@@")) {
                stack.peek().add(new TextLine(line.substring(1), lineNo));
                continue;
            }
            if (!line.startsWith("@")) {
                stack.peek().add(new TextLine(line, lineNo));
                continue;
            }
            String[] parts = line.substring(1).split("\\s+", 2);
            String name = parts[0];
            String arg = parts.length > 1 ? parts[1].strip() : "";
            switch (name) {
                case "each", "if" -> {
                    if (arg.isEmpty() || arg.contains(" ")) {
                        throw syntax(template, lineNo, "@" + name + " needs one field name");
                    }
                    Block b = new Block(name, arg, new ArrayList<>(), lineNo);
                    stack.peek().add(b);
                    open.push(b);
                    stack.push(b.body());
                }
                case "end" -> {
                    if (open.isEmpty()) {
                        throw syntax(template, lineNo, "@end without @each or @if");
                    }
                    open.pop();
                    stack.pop();
                }
                case "align" -> {
                    if (!List.of("left", "center", "right").contains(arg)) {
                        throw syntax(template, lineNo, "@align needs left, center or right");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "size" -> {
                    if (!arg.matches("[1-8]\\s+[1-8]")) {
                        throw syntax(template, lineNo, "@size needs width and height, each 1..8");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "bold" -> {
                    if (!arg.equals("on") && !arg.equals("off")) {
                        throw syntax(template, lineNo, "@bold needs on or off");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "feed" -> {
                    if (!arg.matches("\\d{1,3}") || Integer.parseInt(arg) > 255) {
                        throw syntax(template, lineNo, "@feed needs a number of lines 0..255");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "rule" -> {
                    if (arg.codePointCount(0, arg.length()) > 1) {
                        throw syntax(template, lineNo, "@rule takes at most one character");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "qr" -> {
                    if (arg.isEmpty()) {
                        throw syntax(template, lineNo, "@qr needs the text to encode");
                    }
                    stack.peek().add(new Directive(name, arg, lineNo));
                }
                case "cut" -> stack.peek().add(new Directive(name, arg, lineNo));
                default -> throw syntax(template, lineNo, "unknown directive @" + name);
            }
        }
        if (!open.isEmpty()) {
            throw syntax(template, open.peek().lineNo(), "@" + open.peek().kind() + " " + open.peek().field()
                    + " has no @end");
        }
        return List.copyOf(stack.pop());
    }

    private static TemplateException syntax(String template, int lineNo, String message) {
        return new TemplateException(null, "receipt template " + template + " line " + lineNo + ": " + message);
    }

    // ---- rendering ----

    /** One level of lookup: the caller's data, or one element of an @each list. */
    private record Scope(Map<?, ?> fields, Object item, int index, String path) {
    }

    private static final class Renderer {
        final String template;
        final EscPos out = EscPos.create().init().chineseMode();
        final Deque<Scope> scopes = new ArrayDeque<>();
        int width = 1;

        Renderer(String template) {
            this.template = template;
        }

        void run(List<Node> nodes) throws TemplateException {
            for (Node n : nodes) {
                if (n instanceof TextLine t) {
                    out.line(fill(t.text()));
                } else if (n instanceof Directive d) {
                    directive(d);
                } else if (n instanceof Block b) {
                    block(b);
                }
            }
        }

        private void directive(Directive d) throws TemplateException {
            switch (d.name()) {
                case "align" -> out.align(EscPos.Align.valueOf(d.arg().toUpperCase(java.util.Locale.ROOT)));
                case "size" -> {
                    String[] wh = d.arg().split("\\s+");
                    width = Integer.parseInt(wh[0]);
                    out.size(width, Integer.parseInt(wh[1]));
                }
                case "bold" -> out.bold(d.arg().equals("on"));
                case "feed" -> out.feed(Integer.parseInt(d.arg()));
                case "rule" -> {
                    String c = d.arg().isEmpty() ? "-" : d.arg();
                    int cells = c.codePointAt(0) < 0x80 ? 1 : 2;
                    out.line(c.repeat(Math.max(1, LINE_CELLS / cells / width)));
                }
                case "qr" -> {
                    String data = fill(d.arg());
                    try {
                        out.qr(data);
                    } catch (IllegalArgumentException e) {
                        throw new TemplateException(firstField(d.arg()), "QR code in receipt template " + template
                                + " line " + d.lineNo() + ": " + e.getMessage(), e);
                    }
                }
                case "cut" -> out.cut();
                default -> throw new IllegalStateException("parser let through @" + d.name());
            }
        }

        private void block(Block b) throws TemplateException {
            Lookup found = lookup(b.field(), false);
            if (b.kind().equals("if")) {
                if (present(found.value())) {
                    run(b.body());
                }
                return;
            }
            if (found.value() == null) {
                throw missing(found.path());
            }
            if (!(found.value() instanceof Iterable<?> list)) {
                throw new TemplateException(found.path(), "field " + found.path() + " of receipt " + template
                        + " must be a list, was " + found.value().getClass().getSimpleName());
            }
            int i = 0;
            for (Object item : list) {
                String path = found.path() + "[" + i + "]";
                scopes.push(new Scope(item instanceof Map<?, ?> m ? m : Map.of(), item, i, path));
                try {
                    run(b.body());
                } finally {
                    scopes.pop();
                }
                i++;
            }
        }

        private String fill(String text) throws TemplateException {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder sb = new StringBuilder();
            int last = 0;
            while (m.find()) {
                sb.append(text, last, m.start());
                Lookup found = lookup(m.group(1), true);
                String value = format(found);
                String filter = m.group(2);
                if (filter != null) {
                    if (!filter.equals("mask")) {
                        throw new TemplateException(null, "receipt template " + template + ": unknown filter |" + filter);
                    }
                    value = Masking.idNumber(value);
                }
                sb.append(value);
                last = m.end();
            }
            sb.append(text, last, text.length());
            String result = sb.toString();
            if (result.contains("{{")) {
                throw new TemplateException(null, "receipt template " + template + ": malformed placeholder in: " + text);
            }
            return result;
        }

        private record Lookup(Object value, String path) {
        }

        private Lookup lookup(String name, boolean required) throws TemplateException {
            if (name.equals("#") || name.startsWith(".")) {
                Scope item = scopes.stream().filter(s -> s.path() != null).findFirst()
                        .orElseThrow(() -> new TemplateException(null, "receipt template " + template + ": {{" + name
                                + "}} outside @each"));
                if (name.equals("#")) {
                    return new Lookup(item.index() + 1, item.path());
                }
                if (name.equals(".")) {
                    return new Lookup(item.item(), item.path());
                }
                String key = name.substring(1);
                String path = item.path() + "." + key;
                if (!(item.item() instanceof Map<?, ?> map)) {
                    throw new TemplateException(item.path(), "element " + item.path() + " of receipt " + template
                            + " must have field " + key);
                }
                return new Lookup(map.get(key), path);
            }
            for (Scope s : scopes) {
                if (s.fields().containsKey(name)) {
                    return new Lookup(s.fields().get(name), s.path() == null ? name : s.path() + "." + name);
                }
            }
            return new Lookup(null, name);
        }

        private String format(Lookup found) throws TemplateException {
            Object v = found.value();
            if (!present(v)) {
                throw missing(found.path());
            }
            if (v instanceof CharSequence || v instanceof Number && !(v instanceof BigDecimal)
                    || v instanceof Boolean || v instanceof Character || v instanceof Enum<?>) {
                return v.toString();
            }
            if (v instanceof BigDecimal d) {
                return d.toPlainString();
            }
            if (v instanceof LocalDate d) {
                return d.toString();
            }
            if (v instanceof LocalDateTime t) {
                return DATE_TIME.format(t);
            }
            if (v instanceof OffsetDateTime t) {
                return DATE_TIME.format(t);
            }
            if (v instanceof ZonedDateTime t) {
                return DATE_TIME.format(t);
            }
            throw new TemplateException(found.path(), "field " + found.path() + " of receipt " + template
                    + " cannot be printed as text (" + v.getClass().getSimpleName() + ")");
        }

        private static boolean present(Object v) {
            if (v == null) {
                return false;
            }
            if (v instanceof CharSequence s) {
                return !s.toString().isBlank();
            }
            if (v instanceof Iterable<?> i) {
                return i.iterator().hasNext();
            }
            return true;
        }

        private TemplateException missing(String path) {
            log.debug("receipt {} is missing field {}", template, path);
            return new TemplateException(path, "receipt " + template + " needs field " + path);
        }

        private static String firstField(String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }
}
