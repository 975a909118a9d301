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
import org.openkiosk.sync.api.RatingRules;
import org.openkiosk.sync.api.RatingSubmission;
import org.openkiosk.sync.api.StatusChange;
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
    private final PersonalDataCipher cipher;
    private final ApplicationKeys keys;
    private final DeadLetters deadLetters;
    private final ObjectMapper json = Json.mapper();

    /** The personal part of an application, encrypted as one JSON value. */
    private record Personal(String applicantName, String idNumber, Map<String, String> fields) {
    }

    private KioskStore(Connection db, PersonalDataCipher cipher) {
        this.db = db;
        this.cipher = cipher;
        this.keys = new ApplicationKeys(db, cipher);
        this.deadLetters = new DeadLetters(this, db);
    }

    /**
     * Opens (creating if needed) {@code dataDir/kiosk.db} and brings its schema up to date, with the store key
     * protected as {@code store.tpm=auto} says ({@link StoreKeyVault}).
     */
    public static KioskStore open(Path dataDir) {
        return open(dataDir, StoreKeyVault.AUTO);
    }

    /**
     * Opens (creating if needed) {@code dataDir/kiosk.db} and brings its schema up to date.
     *
     * @param tpm the {@code store.tpm} setting: {@code auto}, {@code off} or a TCTI ({@link StoreKeyVault})
     */
    public static KioskStore open(Path dataDir, String tpm) {
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
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true"); // purged values are overwritten, not left in free pages
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Flyway.configure(KioskStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/kiosk")
                .load()
                .migrate();
        PersonalDataCipher cipher = new PersonalDataCipher(StoreKeyVault.storeKey(dataDir, tpm));
        try {
            KioskStore store = new KioskStore(dataSource.getConnection(), cipher);
            store.encryptPlaintextRows();
            if (new ApplicationKeyMigration(store.db, cipher, store.keys).run() > 0) {
                store.truncateWal();
            }
            store.assignRatingIds();
            LOG.info("Kiosk store opened at {}", file);
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file, e);
        }
    }

    /** Rows written before encryption existed are encrypted in place, once, each with its application's own key. */
    private synchronized void encryptPlaintextRows() throws SQLException {
        db.setAutoCommit(false);
        try {
            int rows = 0;
            try (PreparedStatement select = db.prepareStatement("""
                    SELECT application_id, applicant_name, id_number, fields_json FROM applications
                    WHERE personal IS NULL AND purged_at IS NULL""");
                 PreparedStatement update = db.prepareStatement("""
                    UPDATE applications SET personal = ?, id_index = ?, applicant_name = '', id_number = '',
                        fields_json = '{}' WHERE application_id = ?""");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    update.setBytes(1, sealPersonal(keys.forNew(id), id, new Personal(rs.getString(2), rs.getString(3),
                            fieldsFromJson(rs.getString(4)))));
                    update.setString(2, cipher.idIndex(rs.getString(3)));
                    update.setString(3, id);
                    update.executeUpdate();
                    rows++;
                }
            }
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT application_id, seq, content FROM documents WHERE encrypted = 0");
                 PreparedStatement update = db.prepareStatement(
                    "UPDATE documents SET content = ?, encrypted = 1 WHERE application_id = ? AND seq = ?");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    update.setBytes(1, keys.forNew(rs.getString(1)).encrypt(rs.getBytes(3),
                            documentContext(rs.getString(1), rs.getInt(2))));
                    update.setString(2, rs.getString(1));
                    update.setInt(3, rs.getInt(2));
                    update.executeUpdate();
                    rows++;
                }
            }
            db.commit();
            if (rows > 0) {
                LOG.info("Encrypted {} row(s) of personal data written by an older version", rows);
            }
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private byte[] sealPersonal(PersonalDataCipher with, String applicationId, Personal personal) {
        try {
            return with.encrypt(json.writeValueAsBytes(personal), "application:" + applicationId);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("personal data cannot be written as JSON", e);
        }
    }

    private Personal openPersonal(String applicationId, byte[] sealed) throws SQLException {
        try {
            return json.readValue(keys.forReading(applicationId).decrypt(sealed, "application:" + applicationId),
                    Personal.class);
        } catch (IOException e) {
            throw new StoreException("personal data of application " + applicationId + " is not valid JSON", e);
        }
    }

    private static String documentContext(String applicationId, int seq) {
        return "document:" + applicationId + ":" + seq;
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
        PersonalDataCipher own = keys.forNew(app.applicationId()); // before the row: an existing one keeps its key
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
            st.setBytes(7, sealPersonal(own, app.applicationId(), new Personal(app.applicantName(), app.idNumber(),
                    app.fields() == null ? Map.of() : app.fields())));
            st.setString(8, cipher.idIndex(app.idNumber()));
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
                st.setBytes(7, own.encrypt(doc.content(), documentContext(app.applicationId(), i)));
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
    public synchronized List<ApplicationSubmission> pending() {
        return readPendingInOneSnapshot(null);
    }

    /** The ids of the applications to send: not yet acknowledged and not dead letters, oldest first. */
    public synchronized List<String> pendingIds() {
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
                SELECT d.application_id, d.material_id, d.file_name, d.content_type, d.sha256, d.content,
                       d.seq, d.encrypted
                FROM documents d JOIN applications a ON a.application_id = d.application_id
                WHERE a.state = 'PENDING' AND (?1 IS NULL OR a.application_id = ?1)
                ORDER BY d.application_id, d.seq""")) {
            st.setString(1, onlyId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    byte[] content = rs.getBoolean(8) ? keys.forReading(id).decrypt(rs.getBytes(6),
                            documentContext(id, rs.getInt(7))) : rs.getBytes(6);
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
                    Personal personal = sealed != null ? openPersonal(id, sealed)
                            : new Personal(rs.getString(6), rs.getString(7), fieldsFromJson(rs.getString(8)));
                    pending.add(new ApplicationSubmission(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), personal.applicantName(), personal.idNumber(), personal.fields(),
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
                try (PreparedStatement st = db.prepareStatement("DELETE FROM dead_letters WHERE application_id = ?")) {
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
     * (very satisfied), {@code reason} optional for a good rating (blank counts as none) and required
     * for a poor one ({@link RatingRules}). On disk when this returns, queued for the centre: the
     * sync worker sends it once the application itself is acknowledged. Rating the same application
     * again replaces the earlier rating and queues it afresh under a new rating id.
     *
     * @return the rating's id, the centre's idempotence key
     * @throws IllegalArgumentException the rating breaks a rule the centre would refuse it for
     */
    public synchronized String saveRating(String applicationId, int score, String reason, Instant at) {
        if (applicationId == null || applicationId.isBlank() || at == null) {
            throw new IllegalArgumentException("applicationId and time are required");
        }
        List<String> problems = RatingRules.levelAndReason(score, reason);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        String ratingId = java.util.UUID.randomUUID().toString();
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO ratings (application_id, score, reason, rated_at, rating_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (application_id) DO UPDATE
                    SET score = excluded.score, reason = excluded.reason, rated_at = excluded.rated_at,
                        rating_id = excluded.rating_id, sent_at = NULL, refused = NULL""")) {
            st.setString(1, applicationId);
            st.setInt(2, score);
            st.setString(3, why);
            st.setString(4, at.toString());
            st.setString(5, ratingId);
            st.executeUpdate();
            LOG.info("Rating {} ({} of 5) of application {} queued for the centre", ratingId, score, applicationId);
            return ratingId;
        } catch (SQLException e) {
            throw new StoreException("cannot store the rating of application " + applicationId, e);
        }
    }

    /** Ratings stored before ratings travelled to the centre get their id, once. */
    private synchronized void assignRatingIds() throws SQLException {
        List<String> applications = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT application_id FROM ratings WHERE rating_id IS NULL");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                applications.add(rs.getString(1));
            }
        }
        try (PreparedStatement st = db.prepareStatement("UPDATE ratings SET rating_id = ? WHERE application_id = ?")) {
            for (String id : applications) {
                st.setString(1, java.util.UUID.randomUUID().toString());
                st.setString(2, id);
                st.executeUpdate();
            }
        }
    }

    /**
     * Ratings waiting for the centre whose application it has acknowledged, oldest first. A rating of
     * an application still queued waits for it; one the centre refused for good is not sent again.
     */
    public synchronized List<RatingSubmission> pendingRatings() {
        try (PreparedStatement st = db.prepareStatement("""
                SELECT r.rating_id, r.application_id, a.kiosk_id, a.service_id, r.score, r.reason, r.rated_at
                FROM ratings r JOIN applications a ON a.application_id = r.application_id
                WHERE r.sent_at IS NULL AND r.refused IS NULL AND a.state = 'ACKNOWLEDGED'
                ORDER BY r.rated_at, r.rowid""");
             ResultSet rs = st.executeQuery()) {
            List<RatingSubmission> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new RatingSubmission(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), Instant.parse(rs.getString(7))));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the ratings waiting for the centre", e);
        }
    }

    /** Ratings not yet confirmed by the centre (including those whose application is still queued). */
    public synchronized int pendingRatingCount() {
        try (PreparedStatement st = db.prepareStatement(
                "SELECT count(*) FROM ratings WHERE sent_at IS NULL AND refused IS NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count the ratings waiting for the centre", e);
        }
    }

    /** The centre confirmed the rating (new or already had it): it is not sent again. */
    public synchronized void markRatingSent(String ratingId, Instant at) {
        updateRating("UPDATE ratings SET sent_at = ? WHERE rating_id = ?", at.toString(), ratingId);
    }

    /** The centre refused the rating for good (it breaks a rule): kept with the reason, not sent again. */
    public synchronized void markRatingRefused(String ratingId, String reason) {
        updateRating("UPDATE ratings SET refused = ? WHERE rating_id = ?",
                reason == null || reason.isBlank() ? "refused" : reason, ratingId);
    }

    private void updateRating(String sql, String value, String ratingId) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            st.setString(1, value);
            st.setString(2, ratingId);
            if (st.executeUpdate() == 0) {
                LOG.warn("No rating {} to update", ratingId);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot update rating " + ratingId, e);
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

    /** A round went through without any failure: the last error no longer describes the state. */
    public synchronized void clearSyncError() {
        try (PreparedStatement st = db.prepareStatement(
                "UPDATE sync_status SET last_error = NULL, last_error_at = NULL WHERE last_error IS NOT NULL")) {
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot clear the sync error", e);
        }
    }

    public synchronized QueueFigures figures() {
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
            return new QueueFigures(rs.getInt(1), rs.getInt(2), lastSuccess == null ? null : Instant.parse(lastSuccess),
                    rs.getString(4));
        } catch (SQLException e) {
            throw new StoreException("cannot read the queue figures", e);
        }
    }

    /** The technician PIN pad's lockout as last saved ({@link TechnicianLockout#NONE} before any wrong PIN). */
    public synchronized TechnicianLockout technicianLockout() {
        try (PreparedStatement st = db.prepareStatement("SELECT wrong_tries, locked_until FROM technician_lockout");
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                return TechnicianLockout.NONE; // the row is put there by V5; without it no wrong PIN was saved
            }
            String lockedUntil = rs.getString(2);
            return new TechnicianLockout(rs.getInt(1), lockedUntil == null ? null : Instant.parse(lockedUntil));
        } catch (SQLException e) {
            throw new StoreException("cannot read the technician lockout", e);
        }
    }

    /** Saves the technician PIN pad's lockout; on disk when this returns, so a power cut does not undo a wrong try. */
    public synchronized void saveTechnicianLockout(TechnicianLockout lockout) {
        if (lockout == null || lockout.wrongTries() < 0) {
            throw new IllegalArgumentException("a lockout with a count of 0 or more is required");
        }
        try (PreparedStatement st = db.prepareStatement("INSERT INTO technician_lockout (id, wrong_tries, locked_until)"
                + " VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET wrong_tries = excluded.wrong_tries,"
                + " locked_until = excluded.locked_until")) {
            st.setInt(1, lockout.wrongTries());
            st.setString(2, lockout.lockedUntil() == null ? null : lockout.lockedUntil().toString());
            if (st.executeUpdate() != 1) {
                throw new StoreException("the technician lockout was not saved", null);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot save the technician lockout", e);
        }
    }

    /** The cursor of the last status change pulled from the centre (0 before any). */
    public synchronized long changesCursor() {
        return syncStatusNumber("changes_cursor", "the changes cursor");
    }

    /** One number of the single sync_status row; {@code column} is one of this class's literals. */
    private long syncStatusNumber(String column, String what) {
        try (PreparedStatement st = db.prepareStatement("SELECT " + column + " FROM sync_status");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + what, e);
        }
    }

    /**
     * Applies status changes pulled from the centre and moves the cursor, in one transaction, so a
     * crash between the two never skips or repeats a change. Changes of applications this kiosk no
     * longer knows are skipped. A change whose result digest differs from the result held here
     * (a re-issued result) drops the held one, so it is fetched again.
     */
    public synchronized void applyStatusChanges(List<StatusChange> changes, long cursor) {
        try {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement st = db.prepareStatement("""
                        UPDATE applications SET centre_status = ?, centre_reason = ?, centre_status_at = ?,
                            result_available = max(result_available, ?)
                        WHERE application_id = ?""")) {
                    for (StatusChange change : changes) {
                        st.setString(1, change.status());
                        st.setString(2, change.reason());
                        st.setString(3, change.at() == null ? null : change.at().toString());
                        st.setInt(4, change.resultAvailable() ? 1 : 0);
                        st.setString(5, change.applicationId());
                        st.executeUpdate();
                    }
                }
                // a result re-issued at the centre comes with a new digest: the one held here is superseded and
                // fetched again (resultsToFetch lists applications with a result available and none held)
                try (PreparedStatement st = db.prepareStatement(
                        "DELETE FROM results WHERE application_id = ? AND sha256 <> ?")) {
                    for (StatusChange change : changes) {
                        if (change.resultSha256() != null) {
                            st.setString(1, change.applicationId());
                            st.setString(2, change.resultSha256().toLowerCase(java.util.Locale.ROOT));
                            st.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement st = db.prepareStatement("UPDATE sync_status SET changes_cursor = ?")) {
                    st.setLong(1, cursor);
                    st.executeUpdate();
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot apply status changes from the centre", e);
        }
    }

    /** Applications whose result document the centre has and this kiosk has not fetched yet. */
    public synchronized List<String> resultsToFetch() {
        try (PreparedStatement st = db.prepareStatement("""
                SELECT a.application_id FROM applications a
                WHERE a.result_available = 1 AND a.purged_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.application_id = a.application_id)
                ORDER BY a.centre_status_at""");
             ResultSet rs = st.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("cannot list the results to fetch", e);
        }
    }

    /** Keeps a fetched result document (encrypted) for the resident to print. */
    public synchronized void saveResult(String applicationId, byte[] content, Instant at) {
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO results (application_id, sha256, content, fetched_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (application_id) DO UPDATE SET sha256 = excluded.sha256, content = excluded.content,
                    fetched_at = excluded.fetched_at""")) {
            st.setString(1, applicationId);
            st.setString(2, org.openkiosk.sync.api.Digests.sha256Hex(content));
            st.setBytes(3, keys.forReading(applicationId).encrypt(content, "result:" + applicationId));
            st.setString(4, at.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the result of application " + applicationId, e);
        }
    }

    /** The fetched result document of an application, if there is one on this kiosk. */
    public synchronized Optional<byte[]> result(String applicationId) {
        try (PreparedStatement st = db.prepareStatement("SELECT content FROM results WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(keys.forReading(applicationId).decrypt(rs.getBytes(1),
                        "result:" + applicationId)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the result of application " + applicationId, e);
        }
    }

    /**
     * A resident's applications at this kiosk, newest first, found by ID number through a keyed
     * index (nothing is decrypted). Purged applications are no longer found.
     */
    public synchronized List<ResidentApplication> applicationsOf(String idNumber) {
        if (idNumber == null || idNumber.isBlank()) {
            return List.of();
        }
        try (PreparedStatement st = db.prepareStatement("""
                SELECT a.application_id, a.application_no, a.service_id, a.service_name, a.submitted_at, a.state,
                       a.centre_status, a.centre_reason, a.centre_status_at, a.result_available,
                       EXISTS (SELECT 1 FROM results r WHERE r.application_id = a.application_id)
                FROM applications a WHERE a.id_index = ? AND a.purged_at IS NULL
                ORDER BY a.submitted_at DESC, a.rowid DESC""")) {
            st.setString(1, cipher.idIndex(idNumber));
            try (ResultSet rs = st.executeQuery()) {
                List<ResidentApplication> list = new ArrayList<>();
                while (rs.next()) {
                    String statusAt = rs.getString(9);
                    list.add(new ResidentApplication(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), Instant.parse(rs.getString(5)), "ACKNOWLEDGED".equals(rs.getString(6)),
                            rs.getString(7), rs.getString(8), statusAt == null ? null : Instant.parse(statusAt),
                            rs.getBoolean(10), rs.getBoolean(11)));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up a resident's applications", e);
        }
    }

    /**
     * Deletes the personal data (name, ID number, form fields, result documents) of every
     * application the centre acknowledged more than {@code retention} before {@code now}. The
     * application number, service and statuses stay, for the technician's figures. Each purged application's
     * own data key is destroyed and the WAL emptied, so its ciphertext left anywhere cannot be decrypted even
     * with the store key. Applications the centre has not acknowledged (queued or dead letters) are never purged.
     *
     * @return how many applications were purged
     */
    public synchronized int purgeExpired(Instant now, java.time.Duration retention) {
        int purged = purgeExpiredRows(now, retention);
        if (purged > 0) {
            truncateWal(); // no older page version holding a destroyed key stays in the WAL
        }
        return purged;
    }

    private int purgeExpiredRows(Instant now, java.time.Duration retention) {
        Instant cutoff = now.minus(retention);
        try {
            db.setAutoCommit(false);
            try {
                List<String> expired = new ArrayList<>();
                try (PreparedStatement st = db.prepareStatement("""
                        SELECT application_id, acknowledged_at FROM applications
                        WHERE state = 'ACKNOWLEDGED' AND purged_at IS NULL AND acknowledged_at IS NOT NULL""");
                     ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (Instant.parse(rs.getString(2)).isBefore(cutoff)) {
                            expired.add(rs.getString(1));
                        }
                    }
                }
                try (PreparedStatement app = db.prepareStatement("""
                        UPDATE applications SET personal = NULL, id_index = NULL, applicant_name = '', id_number = '',
                            fields_json = '{}', purged_at = ? WHERE application_id = ?""");
                     PreparedStatement docs = db.prepareStatement("DELETE FROM documents WHERE application_id = ?");
                     PreparedStatement results = db.prepareStatement("DELETE FROM results WHERE application_id = ?")) {
                    for (String id : expired) {
                        app.setString(1, now.toString());
                        app.setString(2, id);
                        app.executeUpdate();
                        docs.setString(1, id);
                        docs.executeUpdate();
                        results.setString(1, id);
                        results.executeUpdate();
                        keys.destroy(id);
                    }
                }
                db.commit();
                if (!expired.isEmpty()) {
                    LOG.info("Purged the personal data of {} application(s) acknowledged before {}", expired.size(),
                            cutoff);
                }
                return expired.size();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot purge expired personal data", e);
        }
    }

    /** The applications the centre refused for good (on this store's connection and lock). */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Copies the WAL into the database file and empties it, so page versions written before (a destroyed key, a
     * deleted document) are no longer in it; secure_delete has zeroed them in the database file. Another connection
     * reading at the time can hold this back: then the next purge does it.
     */
    synchronized void truncateWal() {
        try (PreparedStatement st = db.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)");
             ResultSet rs = st.executeQuery()) {
            if (rs.next() && rs.getInt(1) != 0) {
                LOG.warn("The WAL could not be emptied now (another connection is reading); the next purge retries");
            }
        } catch (SQLException e) {
            LOG.warn("Emptying the WAL failed: {}", e.getMessage());
        }
    }

    /** The version of the centre's catalogue this kiosk holds (0: none fetched). */
    public synchronized long catalogueVersion() {
        return syncStatusNumber("catalogue_version", "the catalogue version");
    }

    public synchronized void setCatalogueVersion(long version) {
        try (PreparedStatement st = db.prepareStatement("UPDATE sync_status SET catalogue_version = ?")) {
            st.setLong(1, version);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record the catalogue version", e);
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

    private Map<String, String> fieldsFromJson(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored fields are not valid JSON", e);
        }
    }
}
