package org.openkiosk.centre.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import org.openkiosk.centre.api.ApplicationStatus;
import org.openkiosk.centre.api.ApplicationSummary;
import org.openkiosk.centre.store.ObjectStore;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.StatusChange;
import org.openkiosk.sync.api.SubmissionReceipt;

/**
 * SQL for received applications and their documents. With an object store, the bytes of documents and results go
 * to the store under their SHA-256 (stored once however often they come) and a row keeps the key and the size;
 * without one, the bytes are in the row. Rows written before the centre had a store keep their bytes until
 * {@code ./kiosk centre migrate-documents} moves them; both kinds are read.
 */
public final class ApplicationRepository {

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() { };
    private static final byte[] IN_STORE = new byte[0];

    private final CentreDatabase database;
    private final ObjectStore store;
    private final ObjectMapper json = Json.mapper();

    /** Bytes kept in the database. */
    public ApplicationRepository(CentreDatabase database) {
        this(database, null);
    }

    /** Bytes kept in {@code store} (null: in the database). */
    public ApplicationRepository(CentreDatabase database, ObjectStore store) {
        this.database = database;
        this.store = store;
    }

    /**
     * Stores the application and its documents in one transaction, unless its applicationId is
     * already stored; then nothing is written and the first reception's receipt comes back
     * marked duplicate.
     */
    public SubmissionReceipt insertIfAbsent(ApplicationSubmission app, Instant receivedAt) {
        return database.inTransaction("cannot store application " + app.applicationId(), c -> {
            return insertIfAbsent(c, app, receivedAt);
        });
    }

    private SubmissionReceipt insertIfAbsent(Connection c, ApplicationSubmission app, Instant receivedAt)
            throws SQLException {
        int inserted;
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                    applicant_name, id_number, fields_json, submitted_at, received_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (application_id) DO NOTHING""")) {
            st.setString(1, app.applicationId());
            st.setString(2, app.applicationNo());
            st.setString(3, app.kioskId());
            st.setString(4, app.serviceId());
            st.setString(5, app.serviceName());
            st.setString(6, app.applicantName());
            st.setString(7, app.idNumber());
            st.setString(8, fieldsToJson(app.fields()));
            st.setString(9, app.submittedAt().toString());
            st.setString(10, receivedAt.toString());
            st.setString(11, SubmissionReceipt.RECEIVED);
            inserted = st.executeUpdate();
        }
        if (inserted == 0) {
            return existingReceipt(c, app.applicationId(), app.kioskId());
        }
        List<DocumentPayload> documents = app.documents() == null ? List.of() : app.documents();
        List<String> consumedUploads = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content,
                    object_key, size)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < documents.size(); i++) {
                DocumentPayload doc = documents.get(i);
                st.setString(1, app.applicationId());
                st.setInt(2, i);
                st.setString(3, doc.materialId());
                st.setString(4, doc.fileName());
                st.setString(5, doc.contentType());
                String sha256 = doc.sha256().toLowerCase(java.util.Locale.ROOT);
                byte[] content = doc.content();
                String objectKey = null;
                long size;
                if (content == null) {
                    UploadRepository.Complete upload = UploadRepository.complete(c, app.kioskId(), sha256)
                            .orElseThrow(() -> new ConflictException("document " + doc.fileName() + " (" + sha256
                                    + ") has not been uploaded completely"));
                    content = upload.objectKey() == null ? upload.content() : null;
                    objectKey = upload.objectKey();
                    size = upload.length();
                    consumedUploads.add(sha256);
                } else {
                    size = content.length;
                }
                if (store != null && content != null) {
                    store.putContent(sha256, content); // stored once: a document sent before is not written again
                    objectKey = ObjectStore.contentKey(sha256);
                } else if (store == null && content == null) {
                    throw new DatabaseException("upload " + sha256 + " is in an object store, and this centre has"
                            + " none", null);
                }
                st.setString(6, sha256);
                st.setBytes(7, objectKey != null ? IN_STORE : content);
                st.setString(8, objectKey);
                st.setLong(9, size);
                st.executeUpdate();
            }
        }
        for (String sha256 : consumedUploads) {
            UploadRepository.delete(c, app.kioskId(), sha256);
        }
        database.lockKiosk(c, app.kioskId());
        insertStatusChange(c, app.applicationId(), app.kioskId(), SubmissionReceipt.RECEIVED, null, receivedAt, null);
        return new SubmissionReceipt(app.applicationId(), app.applicationNo(), SubmissionReceipt.RECEIVED, false,
                receivedAt);
    }

    private static SubmissionReceipt existingReceipt(Connection c, String applicationId, String kioskId)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT application_no, status, received_at, kiosk_id FROM applications WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("application " + applicationId + " vanished inside a transaction");
                }
                if (!rs.getString(4).equals(kioskId)) {
                    throw new ConflictException("applicationId " + applicationId + " is taken by another kiosk");
                }
                return new SubmissionReceipt(applicationId, rs.getString(1), rs.getString(2), true,
                        Instant.parse(rs.getString(3)));
            }
        }
    }

    static void insertStatusChange(Connection c, String applicationId, String kioskId, String status, String reason,
                                   Instant at, String resultSha256) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO status_changes (application_id, kiosk_id, status, reason, at, result_sha256)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, applicationId);
            st.setString(2, kioskId);
            st.setString(3, status);
            st.setString(4, reason);
            st.setString(5, at.toString());
            st.setString(6, resultSha256);
            st.executeUpdate();
        }
    }

    /**
     * The application's status, without personal data.
     *
     * @param kioskId only an application of this kiosk; null for any (staff)
     */
    public Optional<ApplicationStatus> status(String applicationId, String kioskId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT a.application_no, a.kiosk_id, a.service_id, a.status, a.submitted_at, a.received_at,
                            (SELECT count(*) FROM documents d WHERE d.application_id = a.application_id)
                     FROM applications a WHERE a.application_id = ? AND (CAST(? AS TEXT) IS NULL OR a.kiosk_id = ?)""")) {
            st.setString(1, applicationId);
            st.setString(2, kioskId);
            st.setString(3, kioskId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ApplicationStatus(applicationId, rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getInt(7), Instant.parse(rs.getString(5)),
                        Instant.parse(rs.getString(6))));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read application " + applicationId, e);
        }
    }

    /**
     * The application as the kiosk sent it, documents included. No transaction needed: rows are
     * never changed after insert, and an application and its documents are committed together,
     * so once the application row is visible its documents are too.
     */
    public Optional<ApplicationSubmission> find(String applicationId) {
        try (Connection c = database.connection()) {
            ApplicationSubmission app;
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT application_no, kiosk_id, service_id, service_name, applicant_name, id_number,
                           fields_json, submitted_at
                    FROM applications WHERE application_id = ?""")) {
                st.setString(1, applicationId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    app = new ApplicationSubmission(applicationId, rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            fieldsFromJson(rs.getString(7)), List.of(), Instant.parse(rs.getString(8)));
                }
            }
            List<DocumentPayload> documents = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT material_id, file_name, content_type, sha256, content, object_key
                    FROM documents WHERE application_id = ? ORDER BY seq""")) {
                st.setString(1, applicationId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        documents.add(new DocumentPayload(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), bytes(rs.getBytes(5), rs.getString(6))));
                    }
                }
            }
            return Optional.of(new ApplicationSubmission(app.applicationId(), app.applicationNo(), app.kioskId(),
                    app.serviceId(), app.serviceName(), app.applicantName(), app.idNumber(), app.fields(),
                    List.copyOf(documents), app.submittedAt()));
        } catch (SQLException e) {
            throw new DatabaseException("cannot read application " + applicationId, e);
        }
    }

    /** The kiosk's status changes after {@code since}, oldest first, at most {@code limit}. */
    public List<StatusChange> changes(String kioskId, long since, int limit) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT s.seq, s.application_id, a.application_no, s.status, s.reason, s.at,
                            EXISTS (SELECT 1 FROM results r WHERE r.application_id = s.application_id), s.result_sha256
                     FROM status_changes s JOIN applications a ON a.application_id = s.application_id
                     WHERE s.kiosk_id = ? AND s.seq > ? ORDER BY s.seq LIMIT ?""")) {
            st.setString(1, kioskId);
            st.setLong(2, since);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<StatusChange> changes = new ArrayList<>();
                while (rs.next()) {
                    changes.add(new StatusChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Instant.parse(rs.getString(6)), rs.getBoolean(7), rs.getString(8)));
                }
                return changes;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status changes of kiosk " + kioskId, e);
        }
    }

    /** Where an application stands: its service (hence its department), status and version. */
    public record Standing(String applicationId, String kioskId, String serviceId, String status, long version) {
    }

    /** What {@link #changeStatus} did. */
    public enum Outcome { CHANGED, NOT_FOUND, NOT_ALLOWED_FROM_STATUS, STALE_VERSION }

    /** The audit log row a status change is written with, in the same transaction. */
    public record AuditNote(String username, String action, String detail) {
    }

    /** The outcome, and where the application stood before (null when not found). */
    public record StatusUpdate(Outcome outcome, Standing before) {
    }

    public Optional<Standing> standing(String applicationId) {
        try (Connection c = database.connection()) {
            return standing(c, applicationId, "");
        } catch (SQLException e) {
            throw new DatabaseException("cannot read application " + applicationId, e);
        }
    }

    private static Optional<Standing> standing(Connection c, String applicationId, String forUpdate) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT kiosk_id, service_id, status, version FROM applications WHERE application_id = ?" + forUpdate)) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Standing(applicationId, rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Sets a new status (and optionally a result document) in one transaction and logs the change
     * for the kiosk to pull, provided the application's status is one of {@code allowedFrom} and,
     * when {@code expectedVersion} is not null, its version is that one. The version goes up by one.
     * {@code audit} (when not null) is appended to the audit log in the same transaction.
     */
    public StatusUpdate changeStatus(String applicationId, String status, String reason, ResultDocument result,
                                     Instant at, Set<String> allowedFrom, Long expectedVersion, AuditNote audit) {
        return database.inTransaction("cannot change the status of application " + applicationId, c -> {
            Optional<Standing> found = standing(c, applicationId, database.forUpdate());
            if (found.isEmpty()) {
                c.rollback();
                return new StatusUpdate(Outcome.NOT_FOUND, null);
            }
            Standing before = found.get();
            if (expectedVersion != null && expectedVersion != before.version()) {
                c.rollback();
                return new StatusUpdate(Outcome.STALE_VERSION, before);
            }
            if (!allowedFrom.contains(before.status())) {
                c.rollback();
                return new StatusUpdate(Outcome.NOT_ALLOWED_FROM_STATUS, before);
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE applications SET status = ?, version = version + 1 WHERE application_id = ? AND version = ?")) {
                st.setString(1, status);
                st.setString(2, applicationId);
                st.setLong(3, before.version());
                if (st.executeUpdate() != 1) {
                    c.rollback();
                    return new StatusUpdate(Outcome.STALE_VERSION, before);
                }
            }
            if (result != null) {
                String objectKey = null;
                if (store != null) {
                    store.putContent(result.sha256(), result.content());
                    objectKey = ObjectStore.contentKey(result.sha256());
                }
                try (PreparedStatement st = c.prepareStatement("""
                        INSERT INTO results (application_id, file_name, content_type, sha256, content, issued_at,
                            object_key, size)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (application_id) DO UPDATE SET file_name = excluded.file_name,
                            content_type = excluded.content_type, sha256 = excluded.sha256,
                            content = excluded.content, issued_at = excluded.issued_at,
                            object_key = excluded.object_key, size = excluded.size""")) {
                    st.setString(1, applicationId);
                    st.setString(2, result.fileName());
                    st.setString(3, result.contentType());
                    st.setString(4, result.sha256());
                    st.setBytes(5, objectKey != null ? IN_STORE : result.content());
                    st.setString(6, at.toString());
                    st.setString(7, objectKey);
                    st.setLong(8, result.content().length);
                    st.executeUpdate();
                }
            }
            database.lockKiosk(c, before.kioskId());
            insertStatusChange(c, applicationId, before.kioskId(), status, reason, at,
                    result == null ? null : result.sha256());
            if (audit != null) {
                StaffRepository.appendAudit(c, database, audit.username(), audit.action(), applicationId,
                        audit.detail(), at);
            }
            return new StatusUpdate(Outcome.CHANGED, before);
        });
    }

    /** The result document of an application of {@code kioskId} (null: any kiosk). */
    public Optional<ResultDocument> result(String applicationId, String kioskId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT r.file_name, r.content_type, r.sha256, r.content, r.object_key
                     FROM results r JOIN applications a ON a.application_id = r.application_id
                     WHERE r.application_id = ? AND (CAST(? AS TEXT) IS NULL OR a.kiosk_id = ?)""")) {
            st.setString(1, applicationId);
            st.setString(2, kioskId);
            st.setString(3, kioskId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ResultDocument(rs.getString(1), rs.getString(2), rs.getString(3),
                                bytes(rs.getBytes(4), rs.getString(5))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the result of application " + applicationId, e);
        }
    }

    /**
     * Applications for the staff console, newest first, at most {@code limit}; each filter is
     * ignored when null: exact status, kiosk and service, and {@code text} found in the application
     * number or the applicant's name.
     *
     * @param services only applications of these services (null: of any service, also those no
     *                 catalogue names); an empty set lists nothing
     */
    public List<ApplicationSummary> list(String status, String kioskId, String serviceId, String text,
                                         Set<String> services, int limit) {
        if (services != null && services.isEmpty()) {
            return List.of();
        }
        String like = text == null ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String inServices = services == null ? ""
                : " AND service_id IN (" + String.join(", ", java.util.Collections.nCopies(services.size(), "?")) + ")";
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT application_id, application_no, kiosk_id, service_id, service_name, applicant_name, status,
                            submitted_at, received_at, version
                     FROM applications
                     WHERE (CAST(? AS TEXT) IS NULL OR status = ?) AND (CAST(? AS TEXT) IS NULL OR kiosk_id = ?)
                       AND (CAST(? AS TEXT) IS NULL OR service_id = ?)
                       AND (CAST(? AS TEXT) IS NULL OR application_no LIKE ? ESCAPE '\\' OR applicant_name LIKE ? ESCAPE '\\')
                     """ + inServices + " ORDER BY received_at DESC, application_id LIMIT ?")) {
            int i = 1;
            for (String v : new String[] {status, status, kioskId, kioskId, serviceId, serviceId, like, like, like}) {
                st.setString(i++, v);
            }
            if (services != null) {
                for (String service : services) {
                    st.setString(i++, service);
                }
            }
            st.setInt(i, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<ApplicationSummary> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(new ApplicationSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Instant.parse(rs.getString(8)),
                            Instant.parse(rs.getString(9)), rs.getLong(10)));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot list applications", e);
        }
    }

    /** A row's bytes: its own, or the object store's when it names an object. */
    private byte[] bytes(byte[] content, String objectKey) {
        if (objectKey == null) {
            return content;
        }
        if (store == null) {
            throw new DatabaseException("the bytes of " + objectKey + " are in an object store, and this centre was"
                    + " started without one (give it --s3-endpoint)", null);
        }
        return store.read(objectKey);
    }

    public long count() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM applications");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot count applications", e);
        }
    }

    /** A trivial query, for the health check. */
    public boolean reachable() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private String fieldsToJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields == null ? Map.of() : fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fields cannot be written as JSON", e);
        }
    }

    private Map<String, String> fieldsFromJson(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new DatabaseException("stored fields are not valid JSON", e);
        }
    }
}
