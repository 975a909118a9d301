package org.openkiosk.sync.api;

/**
 * How far the centre has received one document of the calling kiosk ({@code GET} or {@code PUT
 * /api/v1/uploads/{sha256}}). Documents are uploaded in chunks, each sent at the offset the centre
 * reports, so an upload cut off by a lost link or a killed process resumes where it stopped.
 *
 * @param sha256   the document's lowercase hex SHA-256, which names the upload
 * @param length   the document's full length in bytes; 0 when the centre has not heard of it
 * @param received bytes received so far, the offset of the next chunk
 * @param complete all bytes received and their SHA-256 verified: an application may now refer to
 *                 the document by {@code sha256} with no {@code content}
 */
public record UploadStatus(String sha256, long length, long received, boolean complete) {
}
