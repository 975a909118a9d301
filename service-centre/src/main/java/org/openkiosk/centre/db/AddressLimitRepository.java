package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SQL for the per-address limits (a generic cell rate algorithm: one time per limit and address). Kept in the
 * database, not in memory, so every centre instance sharing it counts the same requests. Times are epoch
 * milliseconds. Each step is one statement, atomic on SQLite and PostgreSQL alike (PostgreSQL re-checks an
 * UPDATE's condition on the row it locked), so two instances taking at once never both get the last token.
 */
public final class AddressLimitRepository {

    private final CentreDatabase database;

    public AddressLimitRepository(CentreDatabase database) {
        this.database = database;
    }

    /**
     * Takes one request for {@code address} under {@code limit}, allowing {@code burst} at once and one per
     * {@code everyMs}: 0 when allowed, otherwise the milliseconds until it would be.
     */
    public long take(String limit, String address, int burst, long everyMs, long nowMs) {
        long window = burst * everyMs;
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE address_limits SET tat_ms = (CASE WHEN tat_ms > ? THEN tat_ms ELSE ? END) + ?
                    WHERE limit_name = ? AND address = ? AND (CASE WHEN tat_ms > ? THEN tat_ms ELSE ? END) + ? - ? <= ?""")) {
                int i = 0;
                st.setLong(++i, nowMs);
                st.setLong(++i, nowMs);
                st.setLong(++i, everyMs);
                st.setString(++i, limit);
                st.setString(++i, address);
                st.setLong(++i, nowMs);
                st.setLong(++i, nowMs);
                st.setLong(++i, everyMs);
                st.setLong(++i, nowMs);
                st.setLong(++i, window);
                if (st.executeUpdate() == 1) {
                    return 0;
                }
            }
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO address_limits (limit_name, address, tat_ms) VALUES (?, ?, ?)
                    ON CONFLICT (limit_name, address) DO NOTHING""")) {
                st.setString(1, limit);
                st.setString(2, address);
                st.setLong(3, nowMs + everyMs);
                if (st.executeUpdate() == 1) {
                    return 0;
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT tat_ms FROM address_limits WHERE limit_name = ? AND address = ?")) {
                st.setString(1, limit);
                st.setString(2, address);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return 0; // pruned in between: a full bucket
                    }
                    return Math.max(1, Math.max(rs.getLong(1), nowMs) + everyMs - nowMs - window);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot count a request against the per-address limit", e);
        }
    }

    /** Deletes the rows whose bucket is full again (their time before {@code nowMs}); how many. */
    public int forgetFull(long nowMs) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM address_limits WHERE tat_ms < ?")) {
            st.setLong(1, nowMs);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot forget per-address limits", e);
        }
    }
}
