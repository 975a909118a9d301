package org.openkiosk.sync.api;

/**
 * One scanned or photographed material attached to an application.
 *
 * @param materialId  the service's material code (what this document is, e.g. "id-card-front")
 * @param fileName    name shown to staff
 * @param contentType MIME type, e.g. "application/pdf" or "image/jpeg"
 * @param sha256      lowercase hex SHA-256 of {@code content}; the centre verifies it
 * @param content     the bytes, base64 on the wire; null when the document was uploaded beforehand in
 *                    chunks ({@code /api/v1/uploads/{sha256}}) and the application refers to it by
 *                    {@code sha256}
 */
public record DocumentPayload(String materialId, String fileName, String contentType, String sha256, byte[] content) {

    /** Builds a payload whose {@code sha256} is computed from {@code content}. */
    public static DocumentPayload of(String materialId, String fileName, String contentType, byte[] content) {
        return new DocumentPayload(materialId, fileName, contentType, Digests.sha256Hex(content), content);
    }

    /** The same document without its bytes: a reference to the upload named by its SHA-256. */
    public DocumentPayload withoutContent() {
        return new DocumentPayload(materialId, fileName, contentType, sha256, null);
    }

    /** True when the bytes travel separately, as a completed upload. */
    public boolean isReference() {
        return content == null;
    }
}
