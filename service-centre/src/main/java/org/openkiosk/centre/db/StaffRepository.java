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

    /** A stored account; departments comma-separated, {@code *} for all. */
    public record Account(String username, String passwordHash, String roles, String departments) {
    }

    /** One audit log row as stored, with its place in the hash chain. */
    public record AuditRow(long id, String at, String username, String action, String applicationId, String detail,
                           String prevHash, String hash) {
    }

    /** One audit log entry. */
    public record AuditEntry(long id, Instant at, String username, String action, String applicationId, String detail) {
    }

    private final CentreDatabase database;

    public StaffRepository(CentreDatabase database) {
        this.database = database;
    }

    /**
     * Creates the account, or replaces its password, roles and departments.
     *
     * @param departments null: an existing account keeps its departments, a new one gets every department
     */
    public void saveAccount(String username, String passwordHash, String roles, String departments, Instant at) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     INSERT INTO staff (username, password_hash, roles, created_at, departments)
                     VALUES (?, ?, ?, ?, COALESCE(CAST(? AS TEXT), '*'))
                     ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, roles = excluded.roles,
                         departments = COALESCE(CAST(? AS TEXT), staff.departments)""")) {
            st.setString(1, username);
            st.setString(2, passwordHash);
            st.setString(3, roles);
            st.setString(4, at.toString());
            st.setString(5, departments);
            st.setString(6, departments);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store staff account " + username, e);
        }
    }

    /** The account, unless there is none or it is disabled (a disabled account cannot log in). */
    public Optional<Account> account(String username) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT username, password_hash, roles, departments FROM staff WHERE username = ? AND disabled = 0")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))) : Optional.empty();
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
                     SELECT s.username, s.password_hash, s.roles, s.departments FROM staff_sessions x
                     JOIN staff s ON s.username = x.username
                     WHERE x.token_sha256 = ? AND x.expires_at > ? AND s.disabled = 0""")) {
            st.setString(1, tokenSha256);
            st.setString(2, now.toString());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))) : Optional.empty();
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

    /** Every account, by name. */
    public List<Account> accounts() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT username, password_hash, roles, departments FROM staff ORDER BY username");
             ResultSet rs = st.executeQuery()) {
            List<Account> accounts = new ArrayList<>();
            while (rs.next()) {
                accounts.add(new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            return accounts;
        } catch (SQLException e) {
            throw new DatabaseException("cannot list staff accounts", e);
        }
    }

    /**
     * Appends a row to the audit log, chained to the row before it: under the chain's lock (PostgreSQL: an advisory
     * lock, so writers of several centre instances never both chain to the same row; SQLite: its one writer at a
     * time) the last row's hash is read and the new row's hash computed over it.
     */
    public void audit(String username, String action, String applicationId, String detail, Instant at) {
        database.inTransaction("cannot write the audit log", c -> {
            appendAudit(c, database, username, action, applicationId, detail, at);
            return null;
        });
    }

    /**
     * Appends an audit row inside the caller's transaction (a decision and its audit row commit together). Takes
     * the chain's lock last, after any row or kiosk lock the caller holds, as every writer does.
     */
    static void appendAudit(Connection c, CentreDatabase database, String username, String action, String applicationId,
                            String detail, Instant at) throws SQLException {
        lockAuditChain(c, database);
        String prev = lastAuditHash(c);
        String when = at.toString();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO audit_log (at, username, action, application_id, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, when);
            st.setString(2, username);
            st.setString(3, action);
            st.setString(4, applicationId);
            st.setString(5, detail);
            st.setString(6, prev);
            st.setString(7, chainHash(prev, when, username, action, applicationId, detail));
            st.executeUpdate();
        }
    }

    /**
     * Chains the rows written before the audit log was chained (hash null, all before the first chained row), oldest
     * first, once; the database lets exactly this update through. A hashless row after a chained one is not sealed:
     * verification reports it. Returns how many were sealed.
     */
    public int sealUnchainedAudit() {
        return database.inTransaction("cannot seal the audit log", c -> {
            lockAuditChain(c, database);
            List<AuditRow> old = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT id, at, username, action, application_id, detail, prev_hash, hash FROM audit_log
                    WHERE hash IS NULL
                      AND (NOT EXISTS (SELECT 1 FROM audit_log h WHERE h.hash IS NOT NULL)
                           OR id < (SELECT min(h.id) FROM audit_log h WHERE h.hash IS NOT NULL))
                    ORDER BY id""");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    old.add(row(rs));
                }
            }
            String prev = "";
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ? AND hash IS NULL")) {
                for (AuditRow r : old) {
                    String hash = chainHash(prev, r.at(), r.username(), r.action(), r.applicationId(), r.detail());
                    st.setString(1, prev);
                    st.setString(2, hash);
                    st.setLong(3, r.id());
                    st.executeUpdate();
                    prev = hash;
                }
            }
            return old.size();
        });
    }

    /** Every audit row, oldest first, handed to {@code each} (for checking the chain without holding them all). */
    public void forEachAuditRow(java.util.function.Consumer<AuditRow> each) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT id, at, username, action, application_id, detail, prev_hash, hash FROM audit_log ORDER BY id""")) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    each.accept(row(rs));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the audit log", e);
        }
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    /**
     * A row's hash: SHA-256 (hex) over the previous row's hash ({@code ""} for the first row) and the row's values,
     * each written as its length, a colon and its text (null as {@code -}), so no two rows share an encoding.
     */
    public static String chainHash(String prevHash, String at, String username, String action, String applicationId,
                                   String detail) {
        StringBuilder b = new StringBuilder("okc-audit-1;");
        for (String v : new String[] {prevHash, at, username, action, applicationId, detail}) {
            b.append(v == null ? "-" : v.length() + ":" + v).append(';');
        }
        return org.openkiosk.sync.api.Digests.sha256Hex(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void lockAuditChain(Connection c, CentreDatabase database) throws SQLException {
        if (database.dialect() == CentreDatabase.Dialect.POSTGRES) {
            // the two-key form: its keys never meet lockKiosk's one-key locks
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(13, 6)")) {
                st.execute();
            }
        }
    }

    private static String lastAuditHash(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    /** The latest {@code limit} entries of the audit log, oldest first; of one application when {@code applicationId} is not null. */
    public List<AuditEntry> auditLog(String applicationId, int limit) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT id, at, username, action, application_id, detail FROM (
                         SELECT id, at, username, action, application_id, detail FROM audit_log
                         WHERE CAST(? AS TEXT) IS NULL OR application_id = ? ORDER BY id DESC LIMIT ?) latest
                     ORDER BY id""")) {
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
