package org.openkiosk.centre.console;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The staff console's pages: JTE templates under {@code src/main/jte}, compiled to Java classes at build time (by
 * {@code jte-maven-plugin}) and rendered here. The engine escapes every {@code ${...}} for the HTML context it stands
 * in, so nothing a kiosk or a resident sent can become markup; the only unescaped output is template text and
 * content other templates (or {@code FleetChartSvg}) produced. The pages run no script.
 */
public final class ConsolePages {

    /** The statuses the application list filters by. */
    public static final List<String> STATUSES = List.of("received", "accepted", "more-materials", "rejected", "completed");

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            ConsolePages.class.getClassLoader(), "org.openkiosk.centre.console.pages");

    private ConsolePages() {
    }

    /** Renders {@code template} ({@code "fleet"} for {@code src/main/jte/fleet.jte}) with its named parameters. */
    public static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        ENGINE.render(template + ".jte", params, new QuotesEscapedInText(out));
        return out.toString();
    }

    /**
     * HTML this program made (another rendered template, the fleet chart's SVG) as content a template may place
     * unescaped. Never for text that came from a request, a kiosk or the database.
     */
    public static Content markup(String html) {
        return out -> out.writeContent(html);
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * A hidden form field as {@code <input type=hidden name=NAME value=VALUE>}, the shape scripts read the CSRF token,
     * the action and the version from. Unquoted, so only for values this program made (a base64url token, a number,
     * an action's wire name): anything else is refused, never written.
     */
    public static Content hidden(String name, String value) {
        if (!TOKEN.matcher(name).matches() || value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("not a token for a hidden field: " + name);
        }
        return markup("<input type=hidden name=" + name + " value=" + value + ">");
    }

    /** {@code text} as one URL path segment or query value. */
    public static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * JTE's HTML output, with quotes in element text escaped too ({@code &#39;}, {@code &quot;}), as they are in
     * attribute values: what a kiosk sent reads the same wherever a page shows it, as the console always wrote it.
     */
    private static final class QuotesEscapedInText extends OwaspHtmlTemplateOutput {
        private final TemplateOutput out;
        private String tag;
        private String attribute;

        QuotesEscapedInText(TemplateOutput out) {
            super(out);
            this.out = out;
        }

        @Override
        public void setContext(String tagName, String attributeName) {
            this.tag = tagName;
            this.attribute = attributeName;
            super.setContext(tagName, attributeName);
        }

        @Override
        public void writeUserContent(String value) {
            if (value == null || attribute != null || "script".equals(tag) || "style".equals(tag)) {
                super.writeUserContent(value);
                return;
            }
            StringOutput text = new StringOutput(value.length() + 16);
            Escape.htmlContent(value, text);
            out.writeContent(text.toString().replace("\"", "&quot;").replace("'", "&#39;"));
        }
    }

    /** A stored document as the application page lists it: {@code type} is what its bytes show, not the kiosk's claim. */
    public record Document(int seq, String fileName, String materialId, int size, String type, boolean image) {
    }

    /** A decision form: the wire name of the action, the application's version it is made on, its button's label. */
    public record Decision(String action, long version, String label, boolean reasonRequired, boolean withResult) {
    }
}
