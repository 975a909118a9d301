package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingRules;
import org.openkiosk.sync.api.RatingSubmission;

/** SQL for residents' ratings (好差评). */
public final class RatingRepository {

    private final CentreDatabase database;

    public RatingRepository(CentreDatabase database) {
        this.database = database;
    }

    /** One stored rating, as staff see it. */
    public record StoredRating(String ratingId, String applicationId, String applicationNo, String kioskId,
                               String serviceId, int level, String reason, Instant ratedAt, Instant receivedAt) {
    }

    /** The ratings of one matter: how many, their mean level, how many of each level, and the poor ones with reasons. */
    public record MatterSummary(String serviceId, String serviceName, int count, double average, Map<Integer, Integer> levels,
                                List<StoredRating> poor) {
    }

    /**
     * Stores the rating as its application's one rating. The same ratingId again stores nothing and comes
     * back marked duplicate. Another ratingId for an application already rated replaces the stored rating
     * when the resident gave it later (the kiosk keeps only the latest rating of an application and sends
     * a changed one under a new id); an earlier one (a late resend of what the resident changed since) is
     * answered as a duplicate and changes nothing, so the kiosk marks it sent and moves on.
     *
     * @throws ConflictException the ratingId is stored for another kiosk
     */
    public RatingReceipt insertIfAbsent(RatingSubmission rating, Instant receivedAt) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = database.connection()) {
                if (insert(c, rating, receivedAt) == 1) {
                    return new RatingReceipt(rating.ratingId(), false, receivedAt);
                }
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT kiosk_id, received_at FROM ratings WHERE rating_id = ?")) {
                    st.setString(1, rating.ratingId());
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            if (!rs.getString(1).equals(rating.kioskId())) {
                                throw new ConflictException("rating " + rating.ratingId() + " is another kiosk's");
                            }
                            return new RatingReceipt(rating.ratingId(), true, Instant.parse(rs.getString(2)));
                        }
                    }
                }
                Optional<RatingReceipt> replaced = replaceIfLater(c, rating, receivedAt);
                if (replaced.isPresent()) {
                    return replaced.get();
                }
            } catch (SQLException e) {
                throw new DatabaseException("cannot store rating " + rating.ratingId(), e);
            }
            if (attempt >= 3) { // the application's rating changed under us each time
                throw new ConflictException("rating " + rating.ratingId() + " raced with other ratings of application "
                        + rating.applicationId() + "; send it again");
            }
        }
    }

    private static int insert(Connection c, RatingSubmission rating, Instant receivedAt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO ratings (rating_id, application_id, kiosk_id, service_id, level, reason, rated_at,
                    received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            st.setString(1, rating.ratingId());
            st.setString(2, rating.applicationId());
            st.setString(3, rating.kioskId());
            st.setString(4, rating.serviceId());
            st.setInt(5, rating.level());
            st.setString(6, reason(rating));
            st.setString(7, rating.ratedAt().toString());
            st.setString(8, receivedAt.toString());
            return st.executeUpdate();
        }
    }

    /**
     * The application already has another rating: replaces it when this one is later. Empty when the stored
     * rating changed in between (the caller tries again).
     */
    private static Optional<RatingReceipt> replaceIfLater(Connection c, RatingSubmission rating, Instant receivedAt)
            throws SQLException {
        String storedId;
        Instant storedAt;
        try (PreparedStatement st = c.prepareStatement(
                "SELECT rating_id, rated_at, received_at FROM ratings WHERE application_id = ?")) {
            st.setString(1, rating.applicationId());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty(); // deleted in between: insert again
                }
                storedId = rs.getString(1);
                storedAt = Instant.parse(rs.getString(2));
            }
        }
        int order = rating.ratedAt().compareTo(storedAt);
        if (order < 0 || order == 0 && rating.ratingId().compareTo(storedId) < 0) {
            return Optional.of(new RatingReceipt(rating.ratingId(), true, receivedAt)); // superseded: nothing stored
        }
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE ratings SET rating_id = ?, kiosk_id = ?, service_id = ?, level = ?, reason = ?, rated_at = ?,
                    received_at = ?
                WHERE application_id = ? AND rating_id = ?""")) {
            st.setString(1, rating.ratingId());
            st.setString(2, rating.kioskId());
            st.setString(3, rating.serviceId());
            st.setInt(4, rating.level());
            st.setString(5, reason(rating));
            st.setString(6, rating.ratedAt().toString());
            st.setString(7, receivedAt.toString());
            st.setString(8, rating.applicationId());
            st.setString(9, storedId);
            return st.executeUpdate() == 1 ? Optional.of(new RatingReceipt(rating.ratingId(), false, receivedAt))
                    : Optional.empty();
        }
    }

    private static String reason(RatingSubmission rating) {
        return rating.reason() == null || rating.reason().isBlank() ? null : rating.reason().strip();
    }

    /** The ratings of one application, oldest first. */
    public List<StoredRating> ofApplication(String applicationId) {
        return query(SELECT + " WHERE r.application_id = ? ORDER BY r.rated_at, r.rating_id", applicationId);
    }

    /** Every matter that was rated, most ratings first, each with its poor ratings (newest first, at most 100). */
    public List<MatterSummary> summary() {
        List<MatterSummary> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT r.service_id, max(a.service_name), count(*), avg(r.level),
                            sum(CASE WHEN r.level = 1 THEN 1 ELSE 0 END), sum(CASE WHEN r.level = 2 THEN 1 ELSE 0 END),
                            sum(CASE WHEN r.level = 3 THEN 1 ELSE 0 END), sum(CASE WHEN r.level = 4 THEN 1 ELSE 0 END),
                            sum(CASE WHEN r.level = 5 THEN 1 ELSE 0 END)
                     FROM ratings r JOIN applications a ON a.application_id = r.application_id
                     GROUP BY r.service_id ORDER BY count(*) DESC, r.service_id""");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Map<Integer, Integer> levels = new LinkedHashMap<>();
                for (int level = 5; level >= 1; level--) {
                    levels.put(level, rs.getInt(5 + (level - 1)));
                }
                String serviceId = rs.getString(1);
                out.add(new MatterSummary(serviceId, rs.getString(2), rs.getInt(3),
                        Math.round(rs.getDouble(4) * 100) / 100.0, levels, List.of()));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot summarise the ratings", e);
        }
        return out.stream().map(m -> new MatterSummary(m.serviceId(), m.serviceName(), m.count(), m.average(),
                m.levels(), query(SELECT + " WHERE r.service_id = ? AND r.level <= " + RatingRules.POOR_LEVEL
                        + " ORDER BY r.rated_at DESC, r.rating_id LIMIT 100", m.serviceId()))).toList();
    }

    private static final String SELECT = """
            SELECT r.rating_id, r.application_id, a.application_no, r.kiosk_id, r.service_id, r.level, r.reason,
                   r.rated_at, r.received_at
            FROM ratings r JOIN applications a ON a.application_id = r.application_id""";

    private List<StoredRating> query(String sql, String parameter) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                List<StoredRating> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StoredRating(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getString(7), Instant.parse(rs.getString(8)),
                            Instant.parse(rs.getString(9))));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read ratings", e);
        }
    }
}
