package org.openkiosk.centre.api;

import java.time.Instant;

/**
 * One line of the staff console's application list.
 *
 * @param version what a decision on the application must name; it changes with every decision
 */
public record ApplicationSummary(String applicationId, String applicationNo, String kioskId, String serviceId,
                                 String serviceName, String applicantName, String status, Instant submittedAt,
                                 Instant receivedAt, long version) {
}
