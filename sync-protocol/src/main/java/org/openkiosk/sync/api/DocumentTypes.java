package org.openkiosk.sync.api;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of document a kiosk makes, and how each is recognised by its own first bytes (its "magic
 * number") rather than by what the sender says it is. The document camera gives JPEG (or PNG from the
 * simulator); forms are PDF. Anything else, HTML and SVG above all, could carry a script, so neither the
 * kiosk nor the centre accepts it, and the centre serves a stored document with the type its bytes show.
 */
public final class DocumentTypes {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String PDF = "application/pdf";
    /** What a kiosk may send, in this order in messages. */
    public static final List<String> ACCEPTED = List.of(JPEG, PNG, PDF);
    /** How many leading bytes {@link #sniff} looks at. */
    public static final int HEAD_BYTES = 8;

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};

    private DocumentTypes() {
    }

    /**
     * The accepted type the bytes start as, if any: JPEG (FF D8 FF), PNG (its 8-byte signature) or PDF
     * ({@code %PDF-} at the very start; the looser placement PDF readers tolerate is not accepted).
     *
     * @param head the document's first bytes (at least {@link #HEAD_BYTES} of them when it is that long)
     */
    public static Optional<String> sniff(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    /** Whether the type is one a kiosk sends (exactly as written in {@link #ACCEPTED}). */
    public static boolean isAccepted(String contentType) {
        return contentType != null && ACCEPTED.contains(contentType);
    }

    /** True for the accepted image types, the ones a console may show in an {@code <img>}. */
    public static boolean isImage(String contentType) {
        return JPEG.equals(contentType) || PNG.equals(contentType);
    }

    /**
     * Why a document of this claimed type and these first bytes is refused, naming it as {@code what};
     * empty when the type is accepted and the bytes are what it claims. A blank claim is not judged here
     * (it is reported as missing).
     */
    public static Optional<String> problem(String what, String claimedType, byte[] head) {
        if (claimedType == null || claimedType.isBlank()) {
            return Optional.empty();
        }
        if (!isAccepted(claimedType)) {
            return Optional.of(what + ": content type " + printable(claimedType) + " is not accepted; a kiosk sends "
                    + String.join(", ", ACCEPTED));
        }
        Optional<String> actual = sniff(head);
        if (actual.isEmpty()) {
            return Optional.of(what + " is said to be " + claimedType + " but its bytes are not JPEG, PNG or PDF");
        }
        if (!actual.get().equals(claimedType)) {
            return Optional.of(what + " is said to be " + claimedType + " but its bytes are " + actual.get());
        }
        return Optional.empty();
    }

    /** The first {@link #HEAD_BYTES} bytes (fewer when the content is shorter). */
    public static byte[] head(byte[] content) {
        return java.util.Arrays.copyOf(content, Math.min(content.length, HEAD_BYTES));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The claim as text safe to echo in a message and a log line: short, printable ASCII only. */
    private static String printable(String s) {
        String clipped = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "'" + clipped.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }
}
