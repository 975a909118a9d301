package org.openkiosk.centre;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.openkiosk.centre.api.Stats;
import org.openkiosk.centre.core.ApplicationService;
import org.openkiosk.centre.core.DocumentTypeCheck;
import org.openkiosk.centre.core.AuditChain;
import org.openkiosk.centre.core.Departments;
import org.openkiosk.centre.core.ContentSigner;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.centre.core.RatingService;
import org.openkiosk.centre.core.FleetHealth;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.HelpDesk;
import org.openkiosk.centre.db.HelpRepository;
import org.openkiosk.centre.http.HelpResource;
import org.openkiosk.centre.core.Pruner;
import org.openkiosk.centre.core.LoginThrottle;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.core.StaffDesk;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.centre.http.ConsoleResource;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.centre.db.AddressLimitRepository;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.CatalogueRepository;
import org.openkiosk.centre.db.CentreDatabase;
import org.openkiosk.centre.db.HeartbeatRepository;
import org.openkiosk.centre.db.KioskRepository;
import org.openkiosk.centre.db.LoginFailureRepository;
import org.openkiosk.centre.db.RatingRepository;
import org.openkiosk.centre.db.ResultDocument;
import org.openkiosk.centre.db.SigningKeyRepository;
import org.openkiosk.centre.db.UploadRepository;
import org.openkiosk.centre.store.FolderObjectStore;
import org.openkiosk.centre.store.ObjectStore;
import org.openkiosk.centre.store.S3ObjectStore;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.centre.health.DatabaseHealthCheck;
import org.openkiosk.centre.health.HealthResource;
import org.openkiosk.centre.http.ApplicationResource;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.centre.http.ConsoleGuard;
import org.openkiosk.centre.http.EnrolResource;
import org.openkiosk.centre.http.FleetResource;
import org.openkiosk.centre.http.HttpApi;
import org.openkiosk.centre.http.KioskAuth;
import org.openkiosk.centre.http.KioskResource;
import org.openkiosk.centre.http.RatingResource;
import org.openkiosk.centre.http.StaffAdminResource;
import org.openkiosk.centre.http.StatsResource;
import org.openkiosk.centre.http.TlsTransport;
import org.openkiosk.centre.http.UploadResource;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service centre: an embedded SQLite database in a data directory and the kiosk-facing HTTP
 * API. The one place where its parts are wired together.
 */
public final class CentreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentreServer.class);

    /** Largest request body accepted; larger ones get 413. */
    public static final long MAX_REQUEST_BYTES = 20L * 1024 * 1024;
    /** Who signs the result notices. */
    public static final String ISSUER = "政务服务中心";
    /** Largest document accepted through chunked upload. */
    public static final long MAX_DOCUMENT_BYTES = 50L * 1024 * 1024;
    /** The scheduled pruner's first round comes this long after the start, then every {@link Pruner#EVERY}. */
    private static final java.time.Duration PRUNE_FIRST_AFTER = java.time.Duration.ofMinutes(5);

    private final Javalin http;
    private final Parts parts;
    private final String baseUrl;
    private final java.util.concurrent.ScheduledExecutorService pruning;

    /** The centre's services over one database, without HTTP: what {@code ./kiosk centre enrol} uses. */
    public static final class Parts implements AutoCloseable {
        final CentreDatabase database;
        final ApplicationService applications;
        final Enrolment enrolment;
        final KioskRepository kiosks;
        final UploadRepository uploads;
        final CatalogueRepository catalogues;
        final ApplicationRepository repository;
        final StaffRepository staffRepository;
        final StaffAccounts staff;
        final StaffDesk desk;
        final Departments departments;
        final AuditChain auditChain;
        final RatingService ratings;
        final HeartbeatRepository heartbeats;
        final FleetHealth fleet;
        final Pruner pruner;
        final ContentSigner signer;
        final HelpDesk help;
        final Clock clock;
        final ObjectStore store;
        final org.openkiosk.centre.core.Elicences elicences;

        private Parts(CentreDatabase database, Clock clock, FleetSettings fleetSettings, ObjectStore store) {
            this.database = database;
            this.clock = clock;
            this.store = store;
            repository = new ApplicationRepository(database, store);
            uploads = new UploadRepository(database, store);
            kiosks = new KioskRepository(database);
            catalogues = new CatalogueRepository(database);
            staffRepository = new StaffRepository(database);
            departments = new Departments(catalogues);
            signer = ContentSigner.open(new SigningKeyRepository(database), clock);
            elicences = new org.openkiosk.centre.core.Elicences(new org.openkiosk.centre.db.ElicenceRepository(database),
                    repository, staffRepository, departments, signer, clock,
                    org.openkiosk.centre.core.Elicences.Limits.defaults());
            applications = new ApplicationService(repository, new DocumentTypeCheck(uploads), clock,
                    elicences::recordReferences);
            enrolment = new Enrolment(kiosks, staffRepository, clock);
            staff = new StaffAccounts(staffRepository, departments,
                    new LoginThrottle(new LoginFailureRepository(database), clock), clock);
            ratings = new RatingService(new RatingRepository(database), repository, clock);
            desk = new StaffDesk(applications, repository, staffRepository, ratings, departments,
                    DocumentTemplates.fromClasspath(), ISSUER, clock, elicences);
            auditChain = new AuditChain(staffRepository);
            int sealed = staffRepository.sealUnchainedAudit();
            if (sealed > 0) {
                LOG.info("Chained {} audit log row(s) written before the audit log was hash-chained", sealed);
            }
            heartbeats = new HeartbeatRepository(database);
            fleet = new FleetHealth(kiosks, heartbeats, fleetSettings, clock, elicences::alerts);
            pruner = new Pruner(uploads, kiosks, staffRepository, clock);
            // several instances on PostgreSQL tell each other about remote help; the embedded centre is one process
            help = new HelpDesk(new HelpRepository(database), staffRepository, clock,
                    database.dialect() == org.openkiosk.centre.db.CentreDatabase.Dialect.POSTGRES
                            ? new org.openkiosk.centre.db.PostgresHelpBus(database)
                            : org.openkiosk.centre.db.HelpBus.inProcess());
        }

        /** Creates a staff account, or replaces its password and roles (see {@link StaffAccounts#save}). */
        public void saveStaff(String username, char[] password, java.util.Set<Role> roles) {
            staff.save(username, password, roles);
        }

        /** Disables (no login, sessions ended) or enables a staff account; false when there is no such account. */
        public boolean setStaffDisabled(String username, boolean disabled) {
            return staff.setDisabled(username, disabled);
        }

        /**
         * Creates a staff account, or replaces its password, roles and departments (null: a new account gets every
         * department, an existing one keeps its); returns the departments it now has ({@code *}: all).
         */
        public java.util.Set<String> saveStaff(String username, char[] password, java.util.Set<Role> roles,
                                               java.util.Set<String> departmentIds) {
            return staff.save(username, password, roles, departmentIds, "system");
        }

        /** Checks the audit log's hash chain ({@code ./kiosk centre audit verify}). */
        public AuditChain.Verification verifyAudit() {
            return auditChain.verify();
        }

        /** Opens (migrating if needed) the centre database in {@code dataDir}, documents in its folder {@code objects}. */
        public static Parts open(Path dataDir) {
            return open(dataDir, null, null);
        }

        /** Opens (migrating if needed) the centre database on PostgreSQL at {@code jdbcUrl}, documents in it. */
        public static Parts postgres(String jdbcUrl) {
            return open(null, jdbcUrl, null);
        }

        /** {@code --db} given: PostgreSQL; otherwise the embedded database in {@code dataDir}. */
        public static Parts open(Path dataDir, String jdbcUrl) {
            return open(dataDir, jdbcUrl, null);
        }

        /**
         * {@code --db} given: PostgreSQL, otherwise the embedded database in {@code dataDir}; documents and results in
         * the S3 store {@code s3} when given, otherwise in the embedded centre's folder {@code DATA/objects} or, on
         * PostgreSQL, in the database itself.
         */
        public static Parts open(Path dataDir, String jdbcUrl, S3Settings s3) {
            return open(dataDir, jdbcUrl, s3, Clock.systemUTC(), FleetSettings.defaults());
        }

        static Parts open(Path dataDir, String jdbcUrl, S3Settings s3, Clock clock, FleetSettings fleet) {
            ObjectStore store = s3 != null ? S3ObjectStore.open(s3)
                    : jdbcUrl == null ? new FolderObjectStore(dataDir.resolve("objects")) : null;
            try {
                CentreDatabase database = jdbcUrl == null ? CentreDatabase.open(dataDir) : CentreDatabase.postgres(jdbcUrl);
                try {
                    return new Parts(database, clock, fleet, store);
                } catch (RuntimeException e) {
                    database.close();
                    throw e;
                }
            } catch (RuntimeException e) {
                if (store != null) {
                    store.close();
                }
                throw e;
            }
        }

        /**
         * Moves the documents and results an older centre kept in its database into this centre's object store
         * ({@code ./kiosk centre migrate-documents}); resumable, see {@link org.openkiosk.centre.db.DocumentMover}.
         */
        public org.openkiosk.centre.db.DocumentMover.Result moveDocumentsToStore(java.util.function.Consumer<String> progress) {
            if (store == null) {
                throw new IllegalStateException("this centre has no object store to move documents to");
            }
            return new org.openkiosk.centre.db.DocumentMover(database, store).moveAll(progress);
        }

        /** Where documents and results are kept, for messages. */
        public String documentsIn() {
            return store == null ? "the database" : store.describe();
        }

        @Override
        public void close() {
            help.close();
            database.close();
            if (store != null) {
                store.close();
            }
        }

        /**
         * Registers the e-licences of {@code csv} with their PDFs from {@code folder} ({@code ./kiosk centre elicence
         * import}); returns those registered now (rows registered before are left alone).
         *
         * @throws org.openkiosk.centre.core.ElicenceImport.ImportException a row is wrong: nothing was imported
         */
        public java.util.List<String> importElicences(Path csv, Path folder)
                throws org.openkiosk.centre.core.ElicenceImport.ImportException, java.io.IOException {
            return elicences.importLicences(org.openkiosk.centre.core.ElicenceImport.read(csv, folder), "system");
        }

        /** A new one-time enrolment code for the kiosk (see {@link Enrolment#issueCode}). */
        public Enrolment.Code issueEnrolmentCode(String kioskId) {
            return enrolment.issueCode(kioskId);
        }

        /** Ends the kiosk's token at once ({@code ./kiosk centre revoke}); false when it is not enrolled. */
        public boolean revokeKiosk(String kioskId) {
            return enrolment.revoke(kioskId);
        }

        /**
         * Trades a code for the kiosk's credential in this process, as {@code POST /api/v1/enrol} does (the fleet load
         * generator's fallback when the centre's per-address limit holds its simulated kiosks back); empty when the
         * code is unknown, used or expired.
         */
        public Optional<org.openkiosk.sync.api.EnrolmentResponse> redeemEnrolmentCode(String code) {
            return enrolment.enrol(code).map(r -> r.withSigningKey(signer.publicKey()));
        }

        /**
         * A staff decision, as {@link CentreServer#decide} (the fleet load generator's desk): false when there is no
         * such application; {@link org.openkiosk.centre.db.ConflictException} when its status does not allow it.
         */
        public boolean decide(String applicationId, String status, String reason, String resultFileName,
                              String resultContentType, byte[] result) {
            ResultDocument doc = result == null ? null
                    : new ResultDocument(resultFileName, resultContentType, Digests.sha256Hex(result), result);
            return applications.changeStatus(applicationId, status, reason, doc, null).isPresent();
        }

        /** The stored application, documents included (for checks and tools working on the database). */
        public Optional<ApplicationSubmission> findApplication(String applicationId) {
            return applications.find(applicationId);
        }

        /** What {@code GET /api/v1/stats} answers. */
        public Stats stats() {
            long[] partial = uploads.partial();
            return new Stats(applications.count(), kiosks.count(), partial[0], partial[1]);
        }
    }

    private CentreServer(Javalin http, Parts parts, String baseUrl) {
        this.http = http;
        this.parts = parts;
        this.baseUrl = baseUrl;
        pruning = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "centre-pruner");
            t.setDaemon(true);
            return t;
        });
        pruning.scheduleWithFixedDelay(parts.pruner::pruneLogged, PRUNE_FIRST_AFTER.toMinutes(),
                Pruner.EVERY.toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
        // remote help: hear the other instances; renew this instance's kiosks, catch up, end requests left by a
        // stopped or killed instance
        parts.help.start();
        pruning.scheduleWithFixedDelay(() -> {
            try {
                parts.help.tick();
            } catch (RuntimeException e) {
                LOG.warn("The remote help round failed: {}", e.toString());
            }
        }, HelpDesk.TICK.toMillis(), HelpDesk.TICK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        // help desk pages: waiting times tick on
        pruning.scheduleWithFixedDelay(() -> {
            try {
                parts.help.refreshPages();
            } catch (RuntimeException e) {
                LOG.warn("Refreshing the help desk pages failed: {}", e.toString());
            }
        }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts on 127.0.0.1 only. {@code port} 0 picks any free port. */
    public static CentreServer start(Path dataDir, int port) {
        return start(dataDir, "127.0.0.1", port);
    }

    /** Starts on the given interface ({@code "0.0.0.0"} for all, so kiosks on the network can reach it). */
    public static CentreServer start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, Clock.systemUTC(), FleetSettings.defaults());
    }

    /** Starts with the given clock (tests move it) and fleet thresholds ({@code ./kiosk centre --offline-after}). */
    public static CentreServer start(Path dataDir, String host, int port, Clock clock, FleetSettings fleet) {
        return start(dataDir, host, port, clock, fleet, ClientOrigin.direct());
    }

    /** As above, told whether it sits behind TLS and which proxies' forwarded headers to believe. */
    public static CentreServer start(Path dataDir, String host, int port, Clock clock, FleetSettings fleet,
                                     ClientOrigin origin) {
        return start(Parts.open(dataDir, null, null, clock, fleet), host, port, dataDir.toString(), origin, null);
    }

    /**
     * Serving HTTPS itself with {@code tls} ({@code ./kiosk centre --tls-keystore}); on PostgreSQL when {@code jdbcUrl}
     * is given, else on the embedded database in {@code dataDir}.
     */
    public static CentreServer startTls(Path dataDir, String jdbcUrl, String host, int port, Clock clock,
                                        FleetSettings fleet, TlsTransport tls) {
        return startTls(dataDir, jdbcUrl, host, port, clock, fleet, tls, ClientOrigin.direct());
    }

    /** Serving HTTPS itself, with the proxies whose forwarded headers to believe (see {@link ClientOrigin}). */
    public static CentreServer startTls(Path dataDir, String jdbcUrl, String host, int port, Clock clock,
                                        FleetSettings fleet, TlsTransport tls, ClientOrigin origin) {
        return start(dataDir, jdbcUrl, null, host, port, clock, fleet, origin, tls);
    }

    /**
     * The general start ({@code ./kiosk centre}): on PostgreSQL when {@code jdbcUrl} is given, else on the embedded
     * database in {@code dataDir}; documents in the S3 store {@code s3} when given (else as {@link Parts#open(Path,
     * String, S3Settings)} says); HTTPS when {@code tls} is given.
     */
    public static CentreServer start(Path dataDir, String jdbcUrl, S3Settings s3, String host, int port, Clock clock,
                                     FleetSettings fleet, ClientOrigin origin, TlsTransport tls) {
        Parts parts = Parts.open(dataDir, jdbcUrl, s3, clock, fleet);
        return start(parts, host, port, jdbcUrl == null ? dataDir.toString() : "PostgreSQL", origin, tls);
    }

    /**
     * Starts on PostgreSQL: the production setup, where several centre instances share one
     * database (see {@link CentreDatabase#postgres}).
     */
    public static CentreServer startOnPostgres(String jdbcUrl, String host, int port) {
        return startOnPostgres(jdbcUrl, host, port, Clock.systemUTC(), FleetSettings.defaults());
    }

    /** On PostgreSQL with the given clock and fleet thresholds. */
    public static CentreServer startOnPostgres(String jdbcUrl, String host, int port, Clock clock, FleetSettings fleet) {
        return startOnPostgres(jdbcUrl, host, port, clock, fleet, ClientOrigin.direct());
    }

    /** On PostgreSQL, told whether it sits behind TLS and which proxies' forwarded headers to believe. */
    public static CentreServer startOnPostgres(String jdbcUrl, String host, int port, Clock clock, FleetSettings fleet,
                                               ClientOrigin origin) {
        return start(Parts.open(null, jdbcUrl, null, clock, fleet), host, port, "PostgreSQL", origin, null);
    }

    private static CentreServer start(Parts parts, String host, int port, String shownData, ClientOrigin origin,
                                      TlsTransport tls) {
        ObjectMapper json = Json.mapper();
        ConsoleGuard guard = new ConsoleGuard(origin, new AddressLimitRepository(parts.database), parts.clock);
        ConsoleResource console = new ConsoleResource(parts.staff, parts.desk, json, guard);
        StaffAdminResource staffAdmin = new StaffAdminResource(parts.staff, console, json);
        org.openkiosk.centre.http.ElicenceResource elicences = new org.openkiosk.centre.http.ElicenceResource(
                parts.elicences, console, parts.desk, json);
        console.showHeldMaterials(elicences);
        Javalin http = HttpApi.create(json, MAX_REQUEST_BYTES, new HttpApi.Resources(
                new KioskAuth(parts.enrolment),
                new EnrolResource(parts.enrolment, json, parts.signer),
                new ApplicationResource(parts.applications, json, MAX_REQUEST_BYTES, parts.signer),
                new UploadResource(parts.uploads, MAX_DOCUMENT_BYTES, parts.clock),
                new KioskResource(parts.fleet, parts.catalogues, json, parts.clock, parts.signer),
                new StatsResource(parts::stats),
                new HealthResource(new DatabaseHealthCheck(parts.repository)),
                console,
                new RatingResource(parts.ratings, json),
                new FleetResource(parts.fleet, console, parts.help), guard, staffAdmin,
                new HelpResource(parts.help, parts.enrolment, parts.staff, console, guard, json), elicences), c -> {
                    if (tls != null) {
                        tls.apply(c, host, port);
                    }
                });
        try {
            http.start(host, port);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String baseUrl = (tls != null ? "https://" : "http://") + shownHost + ":" + http.port();
        LOG.info("Service centre listening on {}:{} with data in {}, documents in {}", host, http.port(), shownData,
                parts.documentsIn());
        return new CentreServer(http, parts, baseUrl);
    }

    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:PORT} ({@code https://} when serving TLS), no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public long applicationCount() {
        return parts.applications.count();
    }

    /** What {@code GET /api/v1/stats} answers. */
    public Stats stats() {
        return parts.stats();
    }

    /** The stored application, documents included. */
    public Optional<ApplicationSubmission> findApplication(String applicationId) {
        return parts.applications.find(applicationId);
    }

    /** The residents' ratings of an application, oldest first. */
    public java.util.List<RatingRepository.StoredRating> ratingsOf(String applicationId) {
        return parts.ratings.ofApplication(applicationId);
    }

    /** A one-time code a kiosk can trade for its credential ({@code POST /api/v1/enrol}). */
    public Enrolment.Code issueEnrolmentCode(String kioskId) {
        return parts.issueEnrolmentCode(kioskId);
    }

    /**
     * Staff decision on an application: new status, reason, optional result document; the kiosk
     * pulls it as a status change. The decision follows {@link ApplicationService#TRANSITIONS} (no
     * version check: the caller decides on what is current).
     *
     * @return false when there is no such application
     * @throws org.openkiosk.centre.db.ConflictException the application's status does not allow it
     */
    public boolean decide(String applicationId, String status, String reason, String resultFileName,
                          String resultContentType, byte[] result) {
        ResultDocument doc = result == null ? null
                : new ResultDocument(resultFileName, resultContentType, Digests.sha256Hex(result), result);
        return parts.applications.changeStatus(applicationId, status, reason, doc, null).isPresent();
    }

    /** Creates a staff account, or replaces its password and roles. */
    public void saveStaff(String username, char[] password, java.util.Set<Role> roles) {
        parts.saveStaff(username, password, roles);
    }

    /** Disables (no login, sessions ended) or enables a staff account; false when there is no such account. */
    public boolean setStaffDisabled(String username, boolean disabled) {
        return parts.setStaffDisabled(username, disabled);
    }

    /** Creates a staff account, or replaces its password, roles and departments (catalogue ids, or {@code *}). */
    public void saveStaff(String username, char[] password, java.util.Set<Role> roles, java.util.Set<String> departments) {
        parts.saveStaff(username, password, roles, departments);
    }

    /** The fleet's health, alerts and heartbeat history (what the console's fleet page shows). */
    public FleetHealth fleet() {
        return parts.fleet;
    }

    /** Remote help: the open requests, one request, and per kiosk how many were raised and how long residents waited. */
    public HelpDesk help() {
        return parts.help;
    }

    /** Heartbeats kept in the history. */
    public long heartbeatCount() {
        return parts.heartbeats.count();
    }

    /** Publishes a new catalogue version (JSON in the kiosk's catalogue format); returns its version. */
    public long publishCatalogue(String catalogueJson) {
        return parts.catalogues.publish(catalogueJson, parts.clock.instant());
    }

    /** Ends the kiosk's token at once (issue 13 item 10); false when no such kiosk is enrolled. */
    public boolean revokeKiosk(String kioskId) {
        return parts.revokeKiosk(kioskId);
    }

    /** The e-licences and held materials (tests and tools). */
    public org.openkiosk.centre.core.Elicences elicences() {
        return parts.elicences;
    }

    /** Prunes once what piles up (partial uploads, used codes, expired sessions), as the scheduled pruner does. */
    public Pruner.Result pruneNow() {
        return parts.pruner.pruneOnce();
    }

    @Override
    public void close() {
        int port = http.port();
        pruning.shutdownNow();
        http.stop();
        try {
            pruning.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS); // a round under way ends first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        parts.close();
        LOG.info("Service centre on port {} stopped", port);
    }
}
