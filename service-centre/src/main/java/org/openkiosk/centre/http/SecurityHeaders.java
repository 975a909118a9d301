package org.openkiosk.centre.http;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.DocumentTypes;

/**
 * The response headers that keep the staff console's origin to itself. Console pages use no JavaScript at
 * all, so their policy allows none; a stored document is served sandboxed (an opaque origin that may run
 * nothing and reach nothing), with the type its own bytes show and never the type the kiosk claimed.
 */
final class SecurityHeaders {

    /** Console pages: no script, no framing, no plug-ins; images, inline styles and forms from the centre only. */
    static final String CONSOLE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** A stored document opened on its own: a sandbox without scripts, same-origin access, forms or plug-ins. */
    static final String DOCUMENT_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** What a document whose bytes are none of the accepted types is served as: a download, never rendered. */
    static final String UNKNOWN_TYPE = "application/octet-stream";

    private SecurityHeaders() {
    }

    /** Every {@code /console} response (pages, their JSON API and redirects). */
    static void console(Context ctx) {
        if (!ctx.path().equals("/console") && !ctx.path().startsWith("/console/")) {
            return;
        }
        ctx.header("Content-Security-Policy", CONSOLE_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** The type a stored document is served as: what its first bytes show, {@link #UNKNOWN_TYPE} when none. */
    static String servedType(DocumentPayload doc) {
        return doc.content() == null ? UNKNOWN_TYPE
                : DocumentTypes.sniff(DocumentTypes.head(doc.content())).orElse(UNKNOWN_TYPE);
    }

    /**
     * Sends a stored document's bytes as {@code type} (from {@link #servedType}), sandboxed: images inline,
     * anything else as an attachment named with the extension of the type it is served as.
     */
    static void document(Context ctx, DocumentPayload doc, String type) {
        boolean showInline = DocumentTypes.isImage(type);
        ctx.header("Content-Security-Policy", DOCUMENT_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Content-Disposition", (showInline ? "inline" : "attachment") + fileName(doc.fileName(), type));
        ctx.header("X-Content-SHA256", doc.sha256());
        ctx.contentType(type).result(doc.content());
    }

    /**
     * {@code ; filename="..."; filename*=UTF-8''...} for the name the kiosk sent, its extension replaced by the
     * served type's, so a download never lands as {@code .html} or {@code .svg}; the plain name is ASCII only.
     */
    static String fileName(String sent, String type) {
        String stem = sent == null || sent.isBlank() ? "document" : sent.replaceAll("[\\p{Cntrl}/\\\\]", "_");
        int dot = stem.lastIndexOf('.');
        if (dot > 0) {
            stem = stem.substring(0, dot);
        }
        if (stem.length() > 100) {
            stem = stem.substring(0, 100);
        }
        String name = stem + "." + extension(type);
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String extension(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case DocumentTypes.JPEG -> "jpg";
            case DocumentTypes.PNG -> "png";
            case DocumentTypes.PDF -> "pdf";
            default -> "bin";
        };
    }
}
