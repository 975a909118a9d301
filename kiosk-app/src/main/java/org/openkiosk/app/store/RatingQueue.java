package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.openkiosk.sync.api.RatingRules;
import org.openkiosk.sync.api.RatingSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The residents' ratings (好差评) of their applications, queued for the centre ({@code ratings}). */
public final class RatingQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RatingQueue.class);

    private final Transactions tx;

    RatingQueue(Transactions tx) {
        this.tx = tx;
    }

    /**
     * The resident's rating (好差评) of an application: {@code score} 1 (very dissatisfied) to 5
     * (very satisfied), {@code reason} optional for a good rating (blank counts as none) and required
     * for a poor one ({@link RatingRules}). On disk when this returns, queued for the centre: the
     * sync worker sends it once the application itself is acknowledged. Rating the same application
     * again replaces the earlier rating and queues it afresh under a new rating id.
     *
     * @return the rating's id, the centre's idempotence key
     * @throws IllegalArgumentException the rating breaks a rule the centre would refuse it for
     */
    public String saveRating(String applicationId, int score, String reason, Instant at) {
        if (applicationId == null || applicationId.isBlank() || at == null) {
            throw new IllegalArgumentException("applicationId and time are required");
        }
        List<String> problems = RatingRules.levelAndReason(score, reason);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        String ratingId = UUID.randomUUID().toString();
        tx.write("cannot store the rating of application " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    INSERT INTO ratings (application_id, score, reason, rated_at, rating_id) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (application_id) DO UPDATE
                        SET score = excluded.score, reason = excluded.reason, rated_at = excluded.rated_at,
                            rating_id = excluded.rating_id, sent_at = NULL, refused = NULL""")) {
                st.setString(1, applicationId);
                st.setInt(2, score);
                st.setString(3, why);
                st.setString(4, at.toString());
                st.setString(5, ratingId);
                st.executeUpdate();
            }
        });
        LOG.info("Rating {} ({} of 5) of application {} queued for the centre", ratingId, score, applicationId);
        return ratingId;
    }

    /**
     * Ratings waiting for the centre whose application it has acknowledged, oldest first. A rating of
     * an application still queued waits for it; one the centre refused for good is not sent again.
     */
    public List<RatingSubmission> pendingRatings() {
        return tx.read("cannot read the ratings waiting for the centre", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT r.rating_id, r.application_id, a.kiosk_id, a.service_id, r.score, r.reason, r.rated_at
                    FROM ratings r JOIN applications a ON a.application_id = r.application_id
                    WHERE r.sent_at IS NULL AND r.refused IS NULL AND a.state = 'ACKNOWLEDGED'
                    ORDER BY r.rated_at, r.rowid""");
                 ResultSet rs = st.executeQuery()) {
                List<RatingSubmission> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RatingSubmission(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), Instant.parse(rs.getString(7))));
                }
                return out;
            }
        });
    }

    /** Ratings not yet confirmed by the centre (including those whose application is still queued). */
    public int pendingRatingCount() {
        return tx.read("cannot count the ratings waiting for the centre", db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT count(*) FROM ratings WHERE sent_at IS NULL AND refused IS NULL");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The centre confirmed the rating (new or already had it): it is not sent again. */
    public void markRatingSent(String ratingId, Instant at) {
        updateRating("UPDATE ratings SET sent_at = ? WHERE rating_id = ?", at.toString(), ratingId);
    }

    /** The centre refused the rating for good (it breaks a rule): kept with the reason, not sent again. */
    public void markRatingRefused(String ratingId, String reason) {
        updateRating("UPDATE ratings SET refused = ? WHERE rating_id = ?",
                reason == null || reason.isBlank() ? "refused" : reason, ratingId);
    }

    private void updateRating(String sql, String value, String ratingId) {
        int changed = tx.inTransaction("cannot update rating " + ratingId, db -> {
            try (PreparedStatement st = db.prepareStatement(sql)) {
                st.setString(1, value);
                st.setString(2, ratingId);
                return st.executeUpdate();
            }
        });
        if (changed == 0) {
            LOG.warn("No rating {} to update", ratingId);
        }
    }

    /** The stored rating score of an application, if it was rated. */
    OptionalInt ratingScore(String applicationId) {
        return tx.read("cannot read the rating of application " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement("SELECT score FROM ratings WHERE application_id = ?")) {
                st.setString(1, applicationId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
                }
            }
        });
    }
}
