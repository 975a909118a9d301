package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * The centre's answer to a heartbeat.
 *
 * @param serverTime       the centre's clock, so a kiosk can notice its own clock is off
 * @param catalogueVersion the centre's current catalogue version (0 when none was published); a
 *                         kiosk holding an older one fetches {@code GET /api/v1/catalogue}
 */
public record HeartbeatAnswer(Instant serverTime, long catalogueVersion) {
}
