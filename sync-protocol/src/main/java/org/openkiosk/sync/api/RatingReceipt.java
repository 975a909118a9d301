package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * The centre's answer to a rating.
 *
 * @param duplicate  true when the centre already had this ratingId (nothing stored twice)
 * @param receivedAt when the centre first stored the rating
 */
public record RatingReceipt(String ratingId, boolean duplicate, Instant receivedAt) {
}
