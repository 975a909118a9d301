package org.openkiosk.sync.api;

import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /api/v1/heartbeat}: a kiosk tells the centre it is alive and how it is doing.
 *
 * @param acknowledged applications the centre confirmed
 * @param lastSuccess  the kiosk's last successful sync; null if never
 * @param lastError    the kiosk's latest sync failure; null when the last attempt worked
 * @param pending      applications waiting on the kiosk to be sent (dead letters not included)
 * @param devices      device name to its status, e.g. {@code "printer" -> "READY"}; may be empty. Keys starting
 *                     with {@code @} carry the kiosk's own figures: {@code @paper}, {@code @disk-free-mb},
 *                     {@code @version}, {@code @dead-letter} (applications the centre refused for good, waiting
 *                     on the kiosk for a technician)
 */
public record Heartbeat(String kioskId, int pending, int acknowledged, Instant lastSuccess, String lastError,
                        Map<String, String> devices, Instant at) {
}
