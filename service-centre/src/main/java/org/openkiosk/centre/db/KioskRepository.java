package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for enrolled kiosks and their one-time enrolment codes. Secrets are stored only as SHA-256. */
public final class KioskRepository {

    private final CentreDatabase database;

    public KioskRepository(CentreDatabase database) {
        this.database = database;
    }

    /**
     * Stores a new code for the kiosk; in the same transaction the kiosk's older codes that are still
     * unused end, so only the newest code can enrol it.
     *
     * @return how many older unused codes ended
     */
    public int insertCode(String codeSha256, String kioskId, Instant createdAt, Instant expiresAt) {
        return database.inTransaction("cannot store an enrolment code for kiosk " + kioskId, c -> {
            int ended = endUnusedCodes(c, kioskId, createdAt);
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO enrolment_codes (code_sha256, kiosk_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                st.setString(1, codeSha256);
                st.setString(2, kioskId);
                st.setString(3, createdAt.toString());
                st.setString(4, expiresAt.toString());
                st.executeUpdate();
            }
            return ended;
        });
    }

    /**
     * Ends the kiosk's unused codes that have not expired at {@code now}; returns how many. Their expiry becomes
     * the epoch: expiries are compared as ISO-8601 text, where "08:00:00Z" sorts after "08:00:00.5Z".
     */
    private static int endUnusedCodes(Connection c, String kioskId, Instant now) throws SQLException {
        List<String> unused = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT code_sha256, expires_at FROM enrolment_codes WHERE kiosk_id = ? AND used_at IS NULL")) {
            st.setString(1, kioskId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (Instant.parse(rs.getString(2)).isAfter(now)) {
                        unused.add(rs.getString(1));
                    }
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE enrolment_codes SET expires_at = ? WHERE code_sha256 = ? AND used_at IS NULL")) {
            for (String code : unused) {
                st.setString(1, Instant.EPOCH.toString());
                st.setString(2, code);
                st.executeUpdate();
            }
        }
        return unused.size();
    }

    /**
     * Revokes the kiosk's token at once (it authenticates nothing until the kiosk enrols again) and ends
     * its unused codes, in one transaction.
     *
     * @return false when no such kiosk is enrolled
     */
    public boolean revoke(String kioskId, Instant now) {
        return database.inTransaction("cannot revoke kiosk " + kioskId, c -> {
            int updated;
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE kiosks SET revoked_at = ? WHERE kiosk_id = ?")) {
                st.setString(1, now.toString());
                st.setString(2, kioskId);
                updated = st.executeUpdate();
            }
            endUnusedCodes(c, kioskId, now);
            return updated == 1;
        });
    }

    /** Deletes codes that were used or have expired at {@code now}; returns how many. */
    public int deleteSpentCodes(Instant now) {
        try (Connection c = database.connection()) {
            List<String> spent = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT code_sha256, expires_at, used_at FROM enrolment_codes");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(3) != null || !Instant.parse(rs.getString(2)).isAfter(now)) {
                        spent.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM enrolment_codes WHERE code_sha256 = ?")) {
                for (String code : spent) {
                    st.setString(1, code);
                    st.executeUpdate();
                }
            }
            return spent.size();
        } catch (SQLException e) {
            throw new DatabaseException("cannot prune enrolment codes", e);
        }
    }

    /**
     * Uses the code, if it exists, is unused and has not expired at {@code now}: in one transaction
     * the code is marked used and the kiosk's token hash replaced (revoking any earlier token).
     *
     * @return the kiosk the code was issued for; empty when the code is not valid
     */
    public Optional<String> redeemCode(String codeSha256, String tokenSha256, Instant now) {
        return database.inTransaction("cannot redeem an enrolment code", c -> {
            String kioskId;
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE enrolment_codes SET used_at = ?
                    WHERE code_sha256 = ? AND used_at IS NULL AND expires_at > ?
                    RETURNING kiosk_id""")) {
                st.setString(1, now.toString());
                st.setString(2, codeSha256);
                st.setString(3, now.toString());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return Optional.empty();
                    }
                    kioskId = rs.getString(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO kiosks (kiosk_id, token_sha256, enrolled_at) VALUES (?, ?, ?)
                    ON CONFLICT (kiosk_id) DO UPDATE
                        SET token_sha256 = excluded.token_sha256, enrolled_at = excluded.enrolled_at,
                            revoked_at = NULL""")) {
                st.setString(1, kioskId);
                st.setString(2, tokenSha256);
                st.setString(3, now.toString());
                st.executeUpdate();
            }
            return Optional.of(kioskId);
        });
    }

    /** The kiosk holding this token, if any and not revoked. */
    public Optional<String> kioskByToken(String tokenSha256) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT kiosk_id FROM kiosks WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            st.setString(1, tokenSha256);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot look up a kiosk token", e);
        }
    }

    /** An enrolled kiosk with its latest heartbeat (JSON as stored; null before the first one). */
    public record Enrolled(String kioskId, Instant enrolledAt, Instant lastSeenAt, String heartbeatJson) {
    }

    /** Every enrolled kiosk, by id. */
    public List<Enrolled> all() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT kiosk_id, enrolled_at, last_seen_at, heartbeat_json FROM kiosks ORDER BY kiosk_id");
             ResultSet rs = st.executeQuery()) {
            List<Enrolled> kiosks = new ArrayList<>();
            while (rs.next()) {
                String seen = rs.getString(3);
                kiosks.add(new Enrolled(rs.getString(1), Instant.parse(rs.getString(2)),
                        seen == null ? null : Instant.parse(seen), rs.getString(4)));
            }
            return kiosks;
        } catch (SQLException e) {
            throw new DatabaseException("cannot list the kiosks", e);
        }
    }

    public long count() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM kiosks");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot count kiosks", e);
        }
    }
}
