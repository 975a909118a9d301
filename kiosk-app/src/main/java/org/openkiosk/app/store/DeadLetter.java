package org.openkiosk.app.store;

import java.time.Instant;

/**
 * An application the centre refused for good, as the technician sees it: no personal data (that stays encrypted
 * in the store until it is re-sent or exported).
 *
 * @param httpStatus the centre's answer (403, 413, 422...; 0 when the kiosk itself found the application damaged)
 * @param reason     the centre's reason
 * @param refusals   how many times the centre refused it (re-sending and being refused again counts)
 */
public record DeadLetter(String applicationId, String applicationNo, String serviceId, String serviceName,
                         Instant submittedAt, int httpStatus, String reason, Instant deadAt, int refusals) {
}
