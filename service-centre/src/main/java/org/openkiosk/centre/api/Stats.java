package org.openkiosk.centre.api;

/**
 * What {@code GET /api/v1/stats} answers.
 *
 * @param applications       applications stored
 * @param kiosks             kiosks enrolled
 * @param partialUploads     document uploads begun and not yet complete
 * @param partialUploadBytes bytes those hold
 */
public record Stats(long applications, long kiosks, long partialUploads, long partialUploadBytes) {
}
