package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.store.PersonalRecords.Personal;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.SubmissionRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications residents submitted at this kiosk: the queue of those waiting for the centre (with the scans of
 * their papers), the acknowledged ones a resident can look up by ID number, and the figures the technician sees.
 * Personal data is encrypted with each application's own key ({@link ApplicationKeys}).
 */
public final class ApplicationQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationQueue.class);

    private final Transactions tx;
    private final ApplicationKeys keys;

    ApplicationQueue(Transactions tx, ApplicationKeys keys) {
        this.tx = tx;
        this.keys = keys;
    }

    /**
     * Stores the application and its documents in one transaction, state PENDING; on disk when
     * this returns. Saving the same applicationId again changes nothing.
     *
     * @throws IllegalArgumentException when the application breaks a protocol rule (the centre
     *                                  would refuse it), listing every problem
     * @throws StoreException           when the database fails; nothing was stored
     */
    public void saveSubmitted(ApplicationSubmission app) {
        List<String> problems = new ArrayList<>(SubmissionRules.problems(app));
        if (app != null && app.documents() != null) {
            for (int i = 0; i < app.documents().size(); i++) {
                if (app.documents().get(i) != null && app.documents().get(i).content() == null) {
                    problems.add("documents[" + i + "].content is missing");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("application cannot be queued: " + String.join("; ", problems));
        }
        boolean inserted = tx.inTransaction("cannot store application " + app.applicationNo(), db -> insert(db, app));
        if (inserted) {
            LOG.info("Queued application {} ({})", app.applicationNo(), app.applicationId());
        } else {
            LOG.warn("Application {} ({}) was already queued; kept the first copy", app.applicationNo(),
                    app.applicationId());
        }
    }

    private boolean insert(Connection db, ApplicationSubmission app) throws SQLException {
        PersonalDataCipher own = keys.forNew(db, app.applicationId()); // before the row: an existing one keeps its key
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                    applicant_name, id_number, fields_json, submitted_at, state, personal, id_index)
                VALUES (?, ?, ?, ?, ?, '', '', '{}', ?, 'PENDING', ?, ?)
                ON CONFLICT (application_id) DO NOTHING""")) {
            st.setString(1, app.applicationId());
            st.setString(2, app.applicationNo());
            st.setString(3, app.kioskId());
            st.setString(4, app.serviceId());
            st.setString(5, app.serviceName());
            st.setString(6, app.submittedAt().toString());
            st.setBytes(7, PersonalRecords.seal(own, app.applicationId(), new Personal(app.applicantName(),
                    app.idNumber(), app.fields() == null ? Map.of() : app.fields(), app.referencesOrEmpty())));
            st.setString(8, keys.storeCipher().idIndex(app.idNumber()));
            if (st.executeUpdate() == 0) {
                return false;
            }
        }
        List<DocumentPayload> documents = app.documents() == null ? List.of() : app.documents();
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content,
                    encrypted)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1)""")) {
            for (int i = 0; i < documents.size(); i++) {
                DocumentPayload doc = documents.get(i);
                st.setString(1, app.applicationId());
                st.setInt(2, i);
                st.setString(3, doc.materialId());
                st.setString(4, doc.fileName());
                st.setString(5, doc.contentType());
                st.setString(6, doc.sha256().toLowerCase(Locale.ROOT));
                st.setBytes(7, own.encrypt(doc.content(), PersonalRecords.documentContext(app.applicationId(), i)));
                st.executeUpdate();
            }
        }
        return true;
    }

    /**
     * Applications the centre has not acknowledged yet (dead letters included), oldest first, documents included. All of
     * them in memory at once: after a long outage prefer {@link #pendingIds()} and
     * {@link #pendingApplication(String)}, one at a time.
     */
    public List<ApplicationSubmission> pending() {
        return tx.read("cannot read the submission queue", db -> readPending(db, null));
    }

    /** The ids of the applications to send: not yet acknowledged and not dead letters, oldest first. */
    public List<String> pendingIds() {
        return tx.read("cannot read the submission queue", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT application_id FROM applications a WHERE state = 'PENDING'
                      AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.application_id = a.application_id
                                      AND d.resend_requested = 0)
                    ORDER BY submitted_at, rowid""");
                 ResultSet rs = st.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }

    /** The application with its documents, if it is still waiting for the centre. */
    public Optional<ApplicationSubmission> pendingApplication(String applicationId) {
        return tx.read("cannot read the submission queue", db -> readPending(db, applicationId)).stream().findFirst();
    }

    private List<ApplicationSubmission> readPending(Connection db, String onlyId) throws SQLException {
        Map<String, List<DocumentPayload>> documents = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT d.application_id, d.material_id, d.file_name, d.content_type, d.sha256, d.content,
                       d.seq, d.encrypted
                FROM documents d JOIN applications a ON a.application_id = d.application_id
                WHERE a.state = 'PENDING' AND (?1 IS NULL OR a.application_id = ?1)
                ORDER BY d.application_id, d.seq""")) {
            st.setString(1, onlyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    byte[] content = rs.getBoolean(8) ? keys.forReading(db, id).decrypt(rs.getBytes(6),
                            PersonalRecords.documentContext(id, rs.getInt(7))) : rs.getBytes(6);
                    documents.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(new DocumentPayload(rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), content));
                }
            }
        }
        List<ApplicationSubmission> pending = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT application_id, application_no, kiosk_id, service_id, service_name, applicant_name,
                       id_number, fields_json, submitted_at, personal
                FROM applications WHERE state = 'PENDING' AND (?1 IS NULL OR application_id = ?1)
                ORDER BY submitted_at, rowid""")) {
            st.setString(1, onlyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    byte[] sealed = rs.getBytes(10);
                    Personal personal = sealed != null ? PersonalRecords.open(keys.forReading(db, id), id, sealed)
                            : new Personal(rs.getString(6), rs.getString(7),
                                    PersonalRecords.fieldsFromJson(rs.getString(8)));
                    pending.add(new ApplicationSubmission(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), personal.applicantName(), personal.idNumber(), personal.fields(),
                            List.copyOf(documents.getOrDefault(id, List.of())), Instant.parse(rs.getString(9)),
                            personal.references() == null ? List.of() : personal.references()));
                }
            }
        }
        return pending;
    }

    /**
     * The centre has the application: it leaves the queue, its documents (scans of the resident's
     * papers) are deleted from the kiosk, and {@code at} becomes the last success. An unknown or
     * already acknowledged id changes nothing but the last success.
     */
    public void markAcknowledged(String applicationId, Instant at) {
        int changed = tx.inTransaction("cannot mark application " + applicationId + " acknowledged", db -> {
            int updated;
            try (PreparedStatement st = db.prepareStatement("""
                    UPDATE applications SET state = 'ACKNOWLEDGED', acknowledged_at = ?
                    WHERE application_id = ? AND state = 'PENDING'""")) {
                st.setString(1, at.toString());
                st.setString(2, applicationId);
                updated = st.executeUpdate();
            }
            try (PreparedStatement st = db.prepareStatement("DELETE FROM documents WHERE application_id = ?")) {
                st.setString(1, applicationId);
                st.executeUpdate();
            }
            try (PreparedStatement st = db.prepareStatement("DELETE FROM dead_letters WHERE application_id = ?")) {
                st.setString(1, applicationId);
                st.executeUpdate();
            }
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE sync_status SET last_success = ?, last_error = NULL, last_error_at = NULL")) {
                st.setString(1, at.toString());
                st.executeUpdate();
            }
            return updated;
        });
        if (changed == 0) {
            LOG.warn("Acknowledgement for {} matched no pending application", applicationId);
        }
    }

    /**
     * A resident's applications at this kiosk, newest first, found by ID number through a keyed
     * index (nothing is decrypted). Purged applications are no longer found.
     */
    public List<ResidentApplication> applicationsOf(String idNumber) {
        if (idNumber == null || idNumber.isBlank()) {
            return List.of();
        }
        return tx.read("cannot look up a resident's applications", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT a.application_id, a.application_no, a.service_id, a.service_name, a.submitted_at, a.state,
                           a.centre_status, a.centre_reason, a.centre_status_at, a.result_available,
                           EXISTS (SELECT 1 FROM results r WHERE r.application_id = a.application_id)
                    FROM applications a WHERE a.id_index = ? AND a.purged_at IS NULL
                    ORDER BY a.submitted_at DESC, a.rowid DESC""")) {
                st.setString(1, keys.storeCipher().idIndex(idNumber));
                try (ResultSet rs = st.executeQuery()) {
                    List<ResidentApplication> list = new ArrayList<>();
                    while (rs.next()) {
                        String statusAt = rs.getString(9);
                        list.add(new ResidentApplication(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), Instant.parse(rs.getString(5)),
                                "ACKNOWLEDGED".equals(rs.getString(6)), rs.getString(7), rs.getString(8),
                                statusAt == null ? null : Instant.parse(statusAt), rs.getBoolean(10),
                                rs.getBoolean(11)));
                    }
                    return list;
                }
            }
        });
    }

    /** How many applications wait and were acknowledged, and the last sync success and error, for the technician. */
    public QueueFigures figures() {
        return tx.read("cannot read the queue figures", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT (SELECT count(*) FROM applications a WHERE state = 'PENDING'
                              AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.application_id = a.application_id
                                      AND d.resend_requested = 0)),
                           (SELECT count(*) FROM applications WHERE state = 'ACKNOWLEDGED'),
                           last_success, last_error
                    FROM sync_status""");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                String lastSuccess = rs.getString(3);
                return new QueueFigures(rs.getInt(1), rs.getInt(2),
                        lastSuccess == null ? null : Instant.parse(lastSuccess), rs.getString(4));
            }
        });
    }
}
