package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SQL for failed console logins per user name. Kept in the database, not in memory, so every centre
 * instance sharing it counts the same failures. Times are epoch milliseconds.
 */
public final class LoginFailureRepository {

    /** How many failures in a row, and when the last one was. */
    public record Failures(int count, long lastFailedMs) {
    }

    private final CentreDatabase database;

    public LoginFailureRepository(CentreDatabase database) {
        this.database = database;
    }

    public Optional<Failures> of(String username) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT failures, last_failed_ms FROM login_failures WHERE username = ?")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Failures(rs.getInt(1), rs.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read failed logins", e);
        }
    }

    /** Counts one more failure (restarting from one when the last was before {@code forgetBeforeMs}). */
    public void recordFailure(String username, long nowMs, long forgetBeforeMs) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     INSERT INTO login_failures (username, failures, last_failed_ms) VALUES (?, 1, ?)
                     ON CONFLICT (username) DO UPDATE SET
                         failures = CASE WHEN login_failures.last_failed_ms < ? THEN 1 ELSE login_failures.failures + 1 END,
                         last_failed_ms = excluded.last_failed_ms""")) {
            st.setString(1, username);
            st.setLong(2, nowMs);
            st.setLong(3, forgetBeforeMs);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot count a failed login", e);
        }
    }

    public void clear(String username) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM login_failures WHERE username = ?")) {
            st.setString(1, username);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot clear failed logins", e);
        }
    }

    /** Deletes the rows of user names whose last failure was before {@code beforeMs}; how many. */
    public int forgetOlderThan(long beforeMs) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM login_failures WHERE last_failed_ms < ?")) {
            st.setLong(1, beforeMs);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot forget old failed logins", e);
        }
    }
}
