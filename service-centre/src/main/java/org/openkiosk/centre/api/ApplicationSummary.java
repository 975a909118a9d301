package org.openkiosk.centre.api;

import java.time.Instant;

/** One line of the staff console's application list. */
public record ApplicationSummary(String applicationId, String applicationNo, String kioskId, String serviceId,
                                 String serviceName, String applicantName, String status, Instant submittedAt,
                                 Instant receivedAt) {
}
