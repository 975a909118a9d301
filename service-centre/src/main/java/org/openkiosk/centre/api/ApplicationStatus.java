package org.openkiosk.centre.api;

import java.time.Instant;

/**
 * What {@code GET /api/v1/applications/{id}} answers. Deliberately without the applicant's name
 * and ID number: the status is for tracking, not for reading personal data.
 */
public record ApplicationStatus(String applicationId, String applicationNo, String kioskId, String serviceId,
                                String status, int documentCount, Instant submittedAt, Instant receivedAt) {
}
