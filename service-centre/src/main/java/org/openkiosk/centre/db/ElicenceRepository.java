package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for e-licences, card sessions, material grants, the held materials applications refer to and the lookup count
 * the rate limit reads (tables of {@code V11__elicences}). Shared by SQLite and PostgreSQL.
 */
public final class ElicenceRepository {

    /** One stored e-licence, without its PDF. */
    public record Licence(String licenceId, String type, String number, String holderHash, String issuer,
                          LocalDate issuedOn, LocalDate validUntil, String fileName, String pdfSha256, String signature,
                          String source, String applicationId, Instant registeredAt, Instant revokedAt,
                          String revokedBy, String revokeReason) {

        /** Not revoked, and {@code today} is within its validity. */
        public boolean usableOn(LocalDate today) {
            return revokedAt == null && !issuedOn.isAfter(today) && (validUntil == null || !validUntil.isBefore(today));
        }
    }

    /** A licence to register. */
    public record NewLicence(String licenceId, String type, String number, String holderHash, String issuer,
                             LocalDate issuedOn, LocalDate validUntil, String fileName, byte[] pdf, String pdfSha256,
                             String signature, String source, String applicationId) {
    }

    /** The open card session a token names. */
    public record CardSession(String kioskId, String holderHash, long openedMs, long expiresMs, Long closedMs) {
    }

    /** A grant made after consent. */
    public record Grant(String reference, String kioskId, String holderHash, String serviceId, String materialId,
                        String kind, String licenceId, String sourceApplicationId, Integer sourceSeq, long grantedMs) {
    }

    /** An earlier application's document of the same holder, still held. */
    public record HeldDocument(String applicationId, String applicationNo, String kioskId, int seq, String fileName) {
    }

    /** A held material an application refers to, as checked on arrival. */
    public record Referred(int seq, String materialId, String kind, String reference, boolean valid, String note) {
    }

    private final CentreDatabase database;

    public ElicenceRepository(CentreDatabase database) {
        this.database = database;
    }

    // ------------------------------------------------------------------ holder key

    public Optional<String> holderSecret() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT secret FROM holder_key WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the holder key", e);
        }
    }

    /** Stores {@code secret} unless another instance stored one first; returns the stored one. */
    public String insertHolderSecretIfAbsent(String secret, Instant at) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO holder_key (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            st.setString(1, secret);
            st.setString(2, at.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store the holder key", e);
        }
        return holderSecret().orElseThrow(() -> new DatabaseException("the holder key vanished after it was stored", null));
    }

    // ------------------------------------------------------------------ licences

    /** Registers a licence with its audit row in one transaction; false when its type and number are taken. */
    public boolean insert(NewLicence l, Instant at, String username, String auditAction, String auditDetail) {
        return database.inTransaction("cannot register e-licence " + l.type() + " " + l.number(), c -> {
            int inserted;
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO elicences (licence_id, licence_type, number, holder_hash, issuer, issued_on,
                        valid_until, file_name, pdf, pdf_sha256, signature, source, application_id, registered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (licence_type, number) DO NOTHING""")) {
                st.setString(1, l.licenceId());
                st.setString(2, l.type());
                st.setString(3, l.number());
                st.setString(4, l.holderHash());
                st.setString(5, l.issuer());
                st.setString(6, l.issuedOn().toString());
                st.setString(7, l.validUntil() == null ? null : l.validUntil().toString());
                st.setString(8, l.fileName());
                st.setBytes(9, l.pdf());
                st.setString(10, l.pdfSha256());
                st.setString(11, l.signature());
                st.setString(12, l.source());
                st.setString(13, l.applicationId());
                st.setString(14, at.toString());
                inserted = st.executeUpdate();
            }
            if (inserted == 0) {
                c.rollback();
                return false;
            }
            StaffRepository.appendAudit(c, database, username, auditAction, l.applicationId(), auditDetail, at);
            return true;
        });
    }

    private static final String LICENCE_COLUMNS = """
            licence_id, licence_type, number, holder_hash, issuer, issued_on, valid_until, file_name, pdf_sha256,
            signature, source, application_id, registered_at, revoked_at, revoked_by, revoke_reason""";

    private static Licence licence(ResultSet rs) throws SQLException {
        String until = rs.getString(7);
        String revoked = rs.getString(14);
        return new Licence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                LocalDate.parse(rs.getString(6)), until == null ? null : LocalDate.parse(until), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), Instant.parse(rs.getString(13)),
                revoked == null ? null : Instant.parse(revoked), rs.getString(15), rs.getString(16));
    }

    public Optional<Licence> licence(String licenceId) {
        return one("SELECT " + LICENCE_COLUMNS + " FROM elicences WHERE licence_id = ?", licenceId);
    }

    /** The licence issued with the result of {@code applicationId}, if any. */
    public Optional<Licence> licenceOfApplication(String applicationId) {
        return one("SELECT " + LICENCE_COLUMNS + " FROM elicences WHERE application_id = ?", applicationId);
    }

    private Optional<Licence> one(String sql, String arg) {
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(licence(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read e-licence " + arg, e);
        }
    }

    /** The holder's licences of {@code type}, revoked and expired ones included, newest first. */
    public List<Licence> ofHolder(String holderHash, String type) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT " + LICENCE_COLUMNS
                     + " FROM elicences WHERE holder_hash = ? AND licence_type = ? ORDER BY issued_on DESC, registered_at DESC")) {
            st.setString(1, holderHash);
            st.setString(2, type);
            try (ResultSet rs = st.executeQuery()) {
                List<Licence> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(licence(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read e-licences", e);
        }
    }

    /** Every licence, newest first, at most {@code limit}. */
    public List<Licence> all(int limit) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT " + LICENCE_COLUMNS
                     + " FROM elicences ORDER BY registered_at DESC, licence_id LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<Licence> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(licence(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot list e-licences", e);
        }
    }

    /** The licence's signed PDF. */
    public Optional<byte[]> pdf(String licenceId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT pdf FROM elicences WHERE licence_id = ?")) {
            st.setString(1, licenceId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read e-licence " + licenceId, e);
        }
    }

    /** Revokes a licence not yet revoked, with its audit row; false when there is none or it is revoked already. */
    public boolean revoke(String licenceId, String username, String reason, Instant at, String auditDetail) {
        return database.inTransaction("cannot revoke e-licence " + licenceId, c -> {
            int changed;
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE elicences SET revoked_at = ?, revoked_by = ?, revoke_reason = ?
                    WHERE licence_id = ? AND revoked_at IS NULL""")) {
                st.setString(1, at.toString());
                st.setString(2, username);
                st.setString(3, reason);
                st.setString(4, licenceId);
                changed = st.executeUpdate();
            }
            if (changed == 0) {
                c.rollback();
                return false;
            }
            StaffRepository.appendAudit(c, database, username, "elicence-revoke", null, auditDetail, at);
            return true;
        });
    }

    // ------------------------------------------------------------------ held documents

    /**
     * The newest document given as {@code materialId} in an application of the holder's ({@code idNumber}) that is
     * still held and was not rejected.
     */
    public Optional<HeldDocument> heldDocument(String idNumber, String materialId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT a.application_id, a.application_no, a.kiosk_id, d.seq, d.file_name
                     FROM applications a JOIN documents d ON d.application_id = a.application_id
                     WHERE upper(a.id_number) = ? AND d.material_id = ? AND a.status <> 'rejected'
                     ORDER BY a.received_at DESC, d.seq LIMIT 1""")) {
            st.setString(1, idNumber.toUpperCase(java.util.Locale.ROOT));
            st.setString(2, materialId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new HeldDocument(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot look for held documents", e);
        }
    }

    // ------------------------------------------------------------------ card sessions

    /** Closes the kiosk's open card sessions and opens a new one, with its audit row, in one transaction. */
    public void openCardSession(String tokenSha256, String kioskId, String holderHash, long nowMs, long expiresMs,
                                String auditDetail) {
        database.inTransaction("cannot open a card session for kiosk " + kioskId, c -> {
            database.lockKiosk(c, kioskId);
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE card_sessions SET closed_ms = ? WHERE kiosk_id = ? AND closed_ms IS NULL")) {
                st.setLong(1, nowMs);
                st.setString(2, kioskId);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO card_sessions (token_sha256, kiosk_id, holder_hash, opened_ms, expires_ms)
                    VALUES (?, ?, ?, ?, ?)""")) {
                st.setString(1, tokenSha256);
                st.setString(2, kioskId);
                st.setString(3, holderHash);
                st.setLong(4, nowMs);
                st.setLong(5, expiresMs);
                st.executeUpdate();
            }
            StaffRepository.appendAudit(c, database, "kiosk:" + kioskId, "card-session-open", null, auditDetail,
                    Instant.ofEpochMilli(nowMs));
            return null;
        });
    }

    /** The card session of this token, open or not. */
    public Optional<CardSession> cardSession(String tokenSha256) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT kiosk_id, holder_hash, opened_ms, expires_ms, closed_ms, closed_ms IS NULL
                     FROM card_sessions WHERE token_sha256 = ?""")) {
            st.setString(1, tokenSha256);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Long closed = rs.getBoolean(6) ? null : rs.getLong(5);
                return Optional.of(new CardSession(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        closed));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read a card session", e);
        }
    }

    /** Closes the kiosk's open card session; returns how many were open. */
    public int closeCardSessions(String kioskId, long nowMs) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "UPDATE card_sessions SET closed_ms = ? WHERE kiosk_id = ? AND closed_ms IS NULL")) {
            st.setLong(1, nowMs);
            st.setString(2, kioskId);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot close the card sessions of kiosk " + kioskId, e);
        }
    }

    // ------------------------------------------------------------------ grants and references

    public void insertGrant(Grant g) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     INSERT INTO material_grants (reference, kiosk_id, holder_hash, service_id, material_id, kind,
                         licence_id, source_application_id, source_seq, granted_ms)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, g.reference());
            st.setString(2, g.kioskId());
            st.setString(3, g.holderHash());
            st.setString(4, g.serviceId());
            st.setString(5, g.materialId());
            st.setString(6, g.kind());
            st.setString(7, g.licenceId());
            st.setString(8, g.sourceApplicationId());
            if (g.sourceSeq() == null) {
                st.setNull(9, java.sql.Types.INTEGER);
            } else {
                st.setInt(9, g.sourceSeq());
            }
            st.setLong(10, g.grantedMs());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store a material grant", e);
        }
    }

    public Optional<Grant> grant(String reference) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT reference, kiosk_id, holder_hash, service_id, material_id, kind, licence_id,
                            source_application_id, source_seq, granted_ms
                     FROM material_grants WHERE reference = ?""")) {
            st.setString(1, reference);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int seq = rs.getInt(9);
                Integer sourceSeq = rs.wasNull() ? null : seq;
                return Optional.of(new Grant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), sourceSeq, rs.getLong(10)));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read a material grant", e);
        }
    }

    /** True when the application's references were recorded already (a re-sent application). */
    public boolean hasReferences(String applicationId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*) FROM application_references WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the references of " + applicationId, e);
        }
    }

    /** Records the application's references with one audit row each, in one transaction. */
    public void insertReferences(String applicationId, String kioskId, List<Referred> referred, Instant at) {
        database.inTransaction("cannot record the references of " + applicationId, c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO application_references (application_id, seq, material_id, kind, reference, valid, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (application_id, seq) DO NOTHING""")) {
                for (Referred r : referred) {
                    st.setString(1, applicationId);
                    st.setInt(2, r.seq());
                    st.setString(3, r.materialId());
                    st.setString(4, r.kind());
                    st.setString(5, r.reference());
                    st.setInt(6, r.valid() ? 1 : 0);
                    st.setString(7, r.note());
                    st.executeUpdate();
                }
            }
            for (Referred r : referred) {
                StaffRepository.appendAudit(c, database, "kiosk:" + kioskId,
                        r.valid() ? "held-material-use" : "held-material-use-refused", applicationId,
                        r.materialId() + ": " + r.note(), at);
            }
            return null;
        });
    }

    public List<Referred> references(String applicationId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT seq, material_id, kind, reference, valid, note FROM application_references
                     WHERE application_id = ? ORDER BY seq""")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                List<Referred> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Referred(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5) == 1, rs.getString(6)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the references of " + applicationId, e);
        }
    }

    // ------------------------------------------------------------------ rate limit

    /**
     * Counts a request of the kiosk: allowed when fewer than {@code limit} were allowed since {@code sinceMs}, refused
     * otherwise; either way it is kept (the fleet page counts refusals). One transaction under the kiosk's lock, so two
     * centre instances never both let the last one through. Rows older than {@code pruneBeforeMs} are deleted.
     *
     * @return whether the request is allowed
     */
    public boolean countRequest(String kioskId, long nowMs, long sinceMs, long pruneBeforeMs, int limit) {
        return database.inTransaction("cannot count the lookups of kiosk " + kioskId, c -> {
            database.lockKiosk(c, "elicence:" + kioskId);
            try (PreparedStatement st = c.prepareStatement(
                    "DELETE FROM elicence_requests WHERE kiosk_id = ? AND at_ms < ?")) {
                st.setString(1, kioskId);
                st.setLong(2, pruneBeforeMs);
                st.executeUpdate();
            }
            int count;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*) FROM elicence_requests WHERE kiosk_id = ? AND at_ms >= ? AND refused = 0")) {
                st.setString(1, kioskId);
                st.setLong(2, sinceMs);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                }
            }
            boolean allowed = count < limit;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO elicence_requests (kiosk_id, at_ms, refused) VALUES (?, ?, ?)")) {
                st.setString(1, kioskId);
                st.setLong(2, nowMs);
                st.setInt(3, allowed ? 0 : 1);
                st.executeUpdate();
            }
            return allowed;
        });
    }

    /** The kiosk's requests since {@code sinceMs}: {all, refused}. */
    public long[] volume(String kioskId, long sinceMs) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT count(*), coalesce(sum(refused), 0) FROM elicence_requests WHERE kiosk_id = ? AND at_ms >= ?""")) {
            st.setString(1, kioskId);
            st.setLong(2, sinceMs);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the lookup volume of kiosk " + kioskId, e);
        }
    }
}
