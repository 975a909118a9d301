package org.openkiosk.centre.api;

/** What {@code GET /api/v1/stats} answers. */
public record Stats(long applications) {
}
