package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for staff accounts, their console sessions and the audit log. */
public final class StaffRepository {

    /** A stored account. */
    public record Account(String username, String passwordHash, String roles) {
    }

    /** One audit log entry. */
    public record AuditEntry(long id, Instant at, String username, String action, String applicationId, String detail) {
    }

    private final CentreDatabase database;

    public StaffRepository(CentreDatabase database) {
        this.database = database;
    }

    /** Creates the account, or replaces its password and roles. */
    public void saveAccount(String username, String passwordHash, String roles, Instant at) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     INSERT INTO staff (username, password_hash, roles, created_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, roles = excluded.roles""")) {
            st.setString(1, username);
            st.setString(2, passwordHash);
            st.setString(3, roles);
            st.setString(4, at.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store staff account " + username, e);
        }
    }

    /** The account, unless there is none or it is disabled (a disabled account cannot log in). */
    public Optional<Account> account(String username) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT username, password_hash, roles FROM staff WHERE username = ? AND disabled = 0")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read staff account " + username, e);
        }
    }

    public void insertSession(String tokenSha256, String username, Instant at, Instant expiresAt) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO staff_sessions (token_sha256, username, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, tokenSha256);
            st.setString(2, username);
            st.setString(3, at.toString());
            st.setString(4, expiresAt.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store a staff session", e);
        }
    }

    /** The account of a session that has not expired at {@code now}. */
    public Optional<Account> sessionAccount(String tokenSha256, Instant now) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT s.username, s.password_hash, s.roles FROM staff_sessions x
                     JOIN staff s ON s.username = x.username
                     WHERE x.token_sha256 = ? AND x.expires_at > ? AND s.disabled = 0""")) {
            st.setString(1, tokenSha256);
            st.setString(2, now.toString());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read a staff session", e);
        }
    }

    public void deleteSession(String tokenSha256) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM staff_sessions WHERE token_sha256 = ?")) {
            st.setString(1, tokenSha256);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot end a staff session", e);
        }
    }

    /** Deletes the sessions that have expired at {@code now}; returns how many. */
    public int deleteExpiredSessions(Instant now) {
        try (Connection c = database.connection()) {
            List<String> expired = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT token_sha256, expires_at FROM staff_sessions");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!Instant.parse(rs.getString(2)).isAfter(now)) {
                        expired.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM staff_sessions WHERE token_sha256 = ?")) {
                for (String token : expired) {
                    st.setString(1, token);
                    st.executeUpdate();
                }
            }
            return expired.size();
        } catch (SQLException e) {
            throw new DatabaseException("cannot prune expired staff sessions", e);
        }
    }

    /** Disables or enables the account; false when there is no such account. */
    public boolean setDisabled(String username, boolean disabled) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("UPDATE staff SET disabled = ? WHERE username = ?")) {
            st.setInt(1, disabled ? 1 : 0);
            st.setString(2, username);
            return st.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException("cannot change staff account " + username, e);
        }
    }

    /** Ends every session of the account; how many there were. */
    public int deleteSessionsOf(String username) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM staff_sessions WHERE username = ?")) {
            st.setString(1, username);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot end the sessions of " + username, e);
        }
    }

    public void audit(String username, String action, String applicationId, String detail, Instant at) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO audit_log (at, username, action, application_id, detail) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, at.toString());
            st.setString(2, username);
            st.setString(3, action);
            st.setString(4, applicationId);
            st.setString(5, detail);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot write the audit log", e);
        }
    }

    /** The audit log, oldest first; of one application when {@code applicationId} is not null. */
    public List<AuditEntry> auditLog(String applicationId, int limit) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT id, at, username, action, application_id, detail FROM audit_log
                     WHERE CAST(? AS TEXT) IS NULL OR application_id = ? ORDER BY id LIMIT ?""")) {
            st.setString(1, applicationId);
            st.setString(2, applicationId);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<AuditEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
                return entries;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the audit log", e);
        }
    }
}
