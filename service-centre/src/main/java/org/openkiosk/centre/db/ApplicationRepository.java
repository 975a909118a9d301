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
import org.openkiosk.centre.api.ApplicationStatus;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.SubmissionReceipt;

/** SQL for received applications and their documents. */
public final class ApplicationRepository {

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() { };

    private final CentreDatabase database;
    private final ObjectMapper json = Json.mapper();

    public ApplicationRepository(CentreDatabase database) {
        this.database = database;
    }

    /**
     * Stores the application and its documents in one transaction, unless its applicationId is
     * already stored; then nothing is written and the first reception's receipt comes back
     * marked duplicate.
     */
    public SubmissionReceipt insertIfAbsent(ApplicationSubmission app, Instant receivedAt) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                SubmissionReceipt receipt = insertIfAbsent(c, app, receivedAt);
                c.commit();
                return receipt;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot store application " + app.applicationId(), e);
        }
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
            return existingReceipt(c, app.applicationId());
        }
        List<DocumentPayload> documents = app.documents() == null ? List.of() : app.documents();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < documents.size(); i++) {
                DocumentPayload doc = documents.get(i);
                st.setString(1, app.applicationId());
                st.setInt(2, i);
                st.setString(3, doc.materialId());
                st.setString(4, doc.fileName());
                st.setString(5, doc.contentType());
                st.setString(6, doc.sha256().toLowerCase(java.util.Locale.ROOT));
                st.setBytes(7, doc.content());
                st.executeUpdate();
            }
        }
        return new SubmissionReceipt(app.applicationId(), app.applicationNo(), SubmissionReceipt.RECEIVED, false,
                receivedAt);
    }

    private static SubmissionReceipt existingReceipt(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT application_no, status, received_at FROM applications WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("application " + applicationId + " vanished inside a transaction");
                }
                return new SubmissionReceipt(applicationId, rs.getString(1), rs.getString(2), true,
                        Instant.parse(rs.getString(3)));
            }
        }
    }

    public Optional<ApplicationStatus> status(String applicationId) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT a.application_no, a.kiosk_id, a.service_id, a.status, a.submitted_at, a.received_at,
                            (SELECT count(*) FROM documents d WHERE d.application_id = a.application_id)
                     FROM applications a WHERE a.application_id = ?""")) {
            st.setString(1, applicationId);
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
                    SELECT material_id, file_name, content_type, sha256, content
                    FROM documents WHERE application_id = ? ORDER BY seq""")) {
                st.setString(1, applicationId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        documents.add(new DocumentPayload(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getBytes(5)));
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
