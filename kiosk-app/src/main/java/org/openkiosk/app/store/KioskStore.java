package org.openkiosk.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.SubmissionRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The kiosk's own database ({@code kiosk.db} in the data directory): application numbers and the
 * queue of applications waiting for the centre. SQLite in WAL mode with synchronous=FULL, so a
 * method that returns has its change on disk and a power cut loses nothing confirmed to a
 * resident. Schema by Flyway from {@code classpath:db/kiosk}.
 *
 * <p>Thread-safe: one connection, used by one caller at a time (the UI flow and the sync worker
 * share it; every operation is short).
 */
public final class KioskStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KioskStore.class);
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() { };

    private final Connection db;
    private final ObjectMapper json = Json.mapper();

    private KioskStore(Connection db) {
        this.db = db;
    }

    /** Opens (creating if needed) {@code dataDir/kiosk.db} and brings its schema up to date. */
    public static KioskStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the kiosk data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("kiosk.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway.configure(KioskStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/kiosk")
                .load()
                .migrate();
        try {
            LOG.info("Kiosk store opened at {}", file);
            return new KioskStore(dataSource.getConnection());
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file, e);
        }
    }

    /**
     * The next application number of this kiosk for the day, e.g. {@code K0001-20261123-0007}.
     * The counter is on disk before the number is returned, so a number is never handed out twice,
     * even across restarts (a number whose application is never saved is simply skipped).
     */
    public synchronized String nextApplicationNo(String kioskId, LocalDate day) {
        if (kioskId == null || kioskId.isBlank() || day == null) {
            throw new IllegalArgumentException("kioskId and day are required");
        }
        String dayText = day.format(DateTimeFormatter.BASIC_ISO_DATE);
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO application_numbers (kiosk_id, day, last_seq) VALUES (?, ?, 1)
                ON CONFLICT (kiosk_id, day) DO UPDATE SET last_seq = last_seq + 1
                RETURNING last_seq""")) {
            st.setString(1, kioskId);
            st.setString(2, dayText);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return String.format(Locale.ROOT, "%s-%s-%04d", kioskId, dayText, rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot take the next application number", e);
        }
    }

    /**
     * Stores the application and its documents in one transaction, state PENDING; on disk when
     * this returns. Saving the same applicationId again changes nothing.
     *
     * @throws IllegalArgumentException when the application breaks a protocol rule (the centre
     *                                  would refuse it), listing every problem
     * @throws StoreException           when the database fails; nothing was stored
     */
    public synchronized void saveSubmitted(ApplicationSubmission app) {
        List<String> problems = SubmissionRules.problems(app);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("application cannot be queued: " + String.join("; ", problems));
        }
        try {
            db.setAutoCommit(false);
            try {
                boolean inserted = insert(app);
                db.commit();
                if (inserted) {
                    LOG.info("Queued application {} ({})", app.applicationNo(), app.applicationId());
                } else {
                    LOG.warn("Application {} ({}) was already queued; kept the first copy", app.applicationNo(),
                            app.applicationId());
                }
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store application " + app.applicationNo(), e);
        }
    }

    private boolean insert(ApplicationSubmission app) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                    applicant_name, id_number, fields_json, submitted_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')
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
            if (st.executeUpdate() == 0) {
                return false;
            }
        }
        List<DocumentPayload> documents = app.documents() == null ? List.of() : app.documents();
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < documents.size(); i++) {
                DocumentPayload doc = documents.get(i);
                st.setString(1, app.applicationId());
                st.setInt(2, i);
                st.setString(3, doc.materialId());
                st.setString(4, doc.fileName());
                st.setString(5, doc.contentType());
                st.setString(6, doc.sha256().toLowerCase(Locale.ROOT));
                st.setBytes(7, doc.content());
                st.executeUpdate();
            }
        }
        return true;
    }

    /**
     * Applications the centre has not acknowledged yet, oldest first, documents included. All of
     * them in memory at once: after a long outage prefer {@link #pendingIds()} and
     * {@link #pendingApplication(String)}, one at a time.
     */
    public synchronized List<ApplicationSubmission> pending() {
        return readPendingInOneSnapshot(null);
    }

    /** The ids of the applications not yet acknowledged, oldest first. */
    public synchronized List<String> pendingIds() {
        try (PreparedStatement st = db.prepareStatement(
                "SELECT application_id FROM applications WHERE state = 'PENDING' ORDER BY submitted_at, rowid");
             ResultSet rs = st.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("cannot read the submission queue", e);
        }
    }

    /** The application with its documents, if it is still waiting for the centre. */
    public synchronized Optional<ApplicationSubmission> pendingApplication(String applicationId) {
        return readPendingInOneSnapshot(applicationId).stream().findFirst();
    }

    private List<ApplicationSubmission> readPendingInOneSnapshot(String onlyId) {
        try {
            db.setAutoCommit(false); // one snapshot for applications and documents
            try {
                return readPending(onlyId);
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the submission queue", e);
        }
    }

    private List<ApplicationSubmission> readPending(String onlyId) throws SQLException {
        Map<String, List<DocumentPayload>> documents = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT d.application_id, d.material_id, d.file_name, d.content_type, d.sha256, d.content
                FROM documents d JOIN applications a ON a.application_id = d.application_id
                WHERE a.state = 'PENDING' AND (?1 IS NULL OR a.application_id = ?1)
                ORDER BY d.application_id, d.seq""")) {
            st.setString(1, onlyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    documents.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                            .add(new DocumentPayload(rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getBytes(6)));
                }
            }
        }
        List<ApplicationSubmission> pending = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT application_id, application_no, kiosk_id, service_id, service_name, applicant_name,
                       id_number, fields_json, submitted_at
                FROM applications WHERE state = 'PENDING' AND (?1 IS NULL OR application_id = ?1)
                ORDER BY submitted_at, rowid""")) {
            st.setString(1, onlyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    pending.add(new ApplicationSubmission(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), fieldsFromJson(rs.getString(8)),
                            List.copyOf(documents.getOrDefault(id, List.of())), Instant.parse(rs.getString(9))));
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
    public synchronized void markAcknowledged(String applicationId, Instant at) {
        try {
            db.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement st = db.prepareStatement("""
                        UPDATE applications SET state = 'ACKNOWLEDGED', acknowledged_at = ?
                        WHERE application_id = ? AND state = 'PENDING'""")) {
                    st.setString(1, at.toString());
                    st.setString(2, applicationId);
                    changed = st.executeUpdate();
                }
                try (PreparedStatement st = db.prepareStatement("DELETE FROM documents WHERE application_id = ?")) {
                    st.setString(1, applicationId);
                    st.executeUpdate();
                }
                try (PreparedStatement st = db.prepareStatement(
                        "UPDATE sync_status SET last_success = ?, last_error = NULL, last_error_at = NULL")) {
                    st.setString(1, at.toString());
                    st.executeUpdate();
                }
                db.commit();
                if (changed == 0) {
                    LOG.warn("Acknowledgement for {} matched no pending application", applicationId);
                }
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot mark application " + applicationId + " acknowledged", e);
        }
    }

    /**
     * The resident's rating (好差评) of an application: {@code score} 1 (very dissatisfied) to 5
     * (very satisfied), {@code reason} optional (blank counts as none). Rating the same
     * application again replaces the earlier rating. Kept on the kiosk only: the sync protocol
     * does not carry ratings yet.
     */
    public synchronized void saveRating(String applicationId, int score, String reason, Instant at) {
        if (applicationId == null || applicationId.isBlank() || at == null) {
            throw new IllegalArgumentException("applicationId and time are required");
        }
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("rating score must be 1 to 5: " + score);
        }
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO ratings (application_id, score, reason, rated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (application_id) DO UPDATE
                    SET score = excluded.score, reason = excluded.reason, rated_at = excluded.rated_at""")) {
            st.setString(1, applicationId);
            st.setInt(2, score);
            st.setString(3, reason == null || reason.isBlank() ? null : reason.strip());
            st.setString(4, at.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the rating of application " + applicationId, e);
        }
    }

    /** The stored rating score of an application, if it was rated. */
    synchronized java.util.OptionalInt ratingScore(String applicationId) {
        try (PreparedStatement st = db.prepareStatement("SELECT score FROM ratings WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? java.util.OptionalInt.of(rs.getInt(1)) : java.util.OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the rating of application " + applicationId, e);
        }
    }

    /** Remembers why the latest synchronisation attempt failed, for the technician screen. */
    public synchronized void recordSyncError(String message) {
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE sync_status SET last_error = ?, last_error_at = ?")) {
            st.setString(1, message == null ? "unknown error" : message);
            st.setString(2, Instant.now().toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record a sync error", e);
        }
    }

    public synchronized QueueFigures figures() {
        try (PreparedStatement st = db.prepareStatement("""
                SELECT (SELECT count(*) FROM applications WHERE state = 'PENDING'),
                       (SELECT count(*) FROM applications WHERE state = 'ACKNOWLEDGED'),
                       last_success, last_error
                FROM sync_status""");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            String lastSuccess = rs.getString(3);
            return new QueueFigures(rs.getInt(1), rs.getInt(2), lastSuccess == null ? null : Instant.parse(lastSuccess),
                    rs.getString(4));
        } catch (SQLException e) {
            throw new StoreException("cannot read the queue figures", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
            LOG.info("Kiosk store closed");
        } catch (SQLException e) {
            throw new StoreException("cannot close the kiosk store", e);
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
            throw new StoreException("stored fields are not valid JSON", e);
        }
    }
}
