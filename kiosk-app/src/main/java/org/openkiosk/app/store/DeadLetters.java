package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's dead letters: applications the centre refused for good. A dead letter stays in the store, encrypted
 * like any queued application, but leaves the send queue ({@link ApplicationQueue#pendingIds()}) until a technician
 * re-sends it; the retention purge never touches it (it only purges what the centre acknowledged).
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 1000;

    private final Transactions tx;

    DeadLetters(Transactions tx) {
        this.tx = tx;
    }

    /** The centre refused the application for good: out of the send queue until re-sent; refused again counts up. */
    public void add(String applicationId, int httpStatus, String reason, Instant at) {
        String why = reason == null || reason.isBlank() ? "refused" : reason.strip();
        if (why.length() > MAX_REASON) {
            why = why.substring(0, MAX_REASON) + "…";
        }
        String stored = why;
        int added = tx.inTransaction("cannot record dead letter " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    INSERT INTO dead_letters (application_id, http_status, reason, dead_at)
                    SELECT application_id, ?, ?, ? FROM applications WHERE application_id = ? AND state = 'PENDING'
                    ON CONFLICT (application_id) DO UPDATE SET http_status = excluded.http_status,
                        reason = excluded.reason, dead_at = excluded.dead_at, refusals = refusals + 1,
                        resend_requested = 0""")) {
                st.setInt(1, httpStatus);
                st.setString(2, stored);
                st.setString(3, at.toString());
                st.setString(4, applicationId);
                return st.executeUpdate();
            }
        });
        if (added == 0) {
            LOG.warn("No queued application {} to move to the dead letters", applicationId);
        }
    }

    /** How many applications the centre refused and nobody has re-sent yet. */
    public int count() {
        return tx.read("cannot count the dead letters", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT count(*) FROM dead_letters d JOIN applications a ON a.application_id = d.application_id
                    WHERE a.state = 'PENDING' AND d.resend_requested = 0""");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The dead letters, oldest application first, without personal data. */
    public List<DeadLetter> list() {
        return tx.read("cannot list the dead letters", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT a.application_id, a.application_no, a.service_id, a.service_name, a.submitted_at,
                           d.http_status, d.reason, d.dead_at, d.refusals
                    FROM dead_letters d JOIN applications a ON a.application_id = d.application_id
                    WHERE a.state = 'PENDING' AND d.resend_requested = 0 ORDER BY a.submitted_at, a.rowid""");
                 ResultSet rs = st.executeQuery()) {
                List<DeadLetter> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.parse(rs.getString(5)), rs.getInt(6), rs.getString(7),
                            Instant.parse(rs.getString(8)), rs.getInt(9)));
                }
                return out;
            }
        });
    }

    /** Whether the application is a dead letter now. */
    public boolean contains(String applicationId) {
        return list().stream().anyMatch(d -> d.applicationId().equals(applicationId));
    }

    /**
     * Puts a dead letter back in the send queue (after the fault was fixed); the next sync round sends it. Refused
     * again, it is a dead letter once more with its refusals counted up.
     *
     * @return false when there is no such dead letter
     */
    public boolean resend(String applicationId) {
        boolean done = tx.inTransaction("cannot re-send dead letter " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE dead_letters SET resend_requested = 1 WHERE application_id = ? AND resend_requested = 0")) {
                st.setString(1, applicationId);
                return st.executeUpdate() > 0;
            }
        });
        if (done) {
            LOG.info("Dead letter {} put back in the send queue", applicationId);
        }
        return done;
    }

    /** Puts every dead letter back in the send queue; returns how many. */
    public int resendAll() {
        int n = tx.inTransaction("cannot re-send the dead letters", db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE dead_letters SET resend_requested = 1 WHERE resend_requested = 0")) {
                return st.executeUpdate();
            }
        });
        LOG.info("{} dead letter(s) put back in the send queue", n);
        return n;
    }
}
