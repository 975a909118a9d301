package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * {@code POST /api/v1/ratings}: a resident's rating of a service (好差评), sent by the kiosk once the
 * centre has acknowledged the application it rates.
 *
 * @param ratingId      a UUID the kiosk gives the rating: sending it again stores nothing twice
 * @param applicationId the rated application (one of the sending kiosk's)
 * @param kioskId       the sending kiosk; must be the one the credential belongs to
 * @param serviceId     the matter (service) rated, as in the catalogue
 * @param level         1 (very dissatisfied) to 5 (very satisfied)
 * @param reason        why, in the resident's words; required for a poor rating ({@link RatingRules#POOR_LEVEL}
 *                      or less), optional otherwise; null or blank for none
 * @param ratedAt       when the resident rated
 */
public record RatingSubmission(String ratingId, String applicationId, String kioskId, String serviceId, int level,
                               String reason, Instant ratedAt) {
}
