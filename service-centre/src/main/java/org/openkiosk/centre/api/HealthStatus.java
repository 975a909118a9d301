package org.openkiosk.centre.api;

/** What {@code GET /api/v1/health} answers: {@code "up"} or {@code "down"}. */
public record HealthStatus(String status) {

    public static final HealthStatus UP = new HealthStatus("up");
    public static final HealthStatus DOWN = new HealthStatus("down");
}
