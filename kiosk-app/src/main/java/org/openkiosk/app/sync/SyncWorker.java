package org.openkiosk.app.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.store.StoreException;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.CatalogueUpdate;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.HeartbeatAnswer;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;
import org.openkiosk.sync.api.StatusChange;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the kiosk's submission queue into the centre and brings back what the centre decided:
 * periodically, and soon after each new submission ({@link #nudge()}). A round
 * <ol>
 *   <li>uploads each pending application's documents in chunks, resuming where the centre says
 *       an earlier attempt stopped, then submits the application referring to them by SHA-256
 *       (idempotent by application id), and marks it acknowledged; an application the centre refuses for good
 *       (a 4xx other than 401, 408 and 429) becomes a dead letter: out of the queue, kept encrypted, counted in the
 *       heartbeat ({@code @dead-letter}), until a technician re-sends it;</li>
 *   <li>sends the residents' ratings (好差评) of acknowledged applications (idempotent by rating id) and marks
 *       them sent; a rating the centre refuses for good is kept with the reason and not sent again;</li>
 *   <li>pulls status changes since its cursor and fetches result documents;</li>
 *   <li>sends a heartbeat and fetches a newer catalogue;</li>
 *   <li>purges personal data acknowledged longer ago than the retention period (never a dead letter).</li>
 * </ol>
 * The scheduler is the caller's (it is not shut down here); a single-threaded one is enough.
 */
public final class SyncWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    /**
     * @param chunkBytes     size of each document chunk sent
     * @param retention      how long personal data stays on the kiosk after the centre confirmed it
     * @param catalogueDir   where a catalogue pulled from the centre is written ({@code catalogue.json});
     *                       null to ignore catalogue updates
     * @param heartbeatEvery the least time between two heartbeats; zero sends one every round. A change in
     *                       the devices or the paper is sent at the next round regardless, so the centre hears
     *                       of a fault at once while a fleet of healthy kiosks does not fill its history.
     */
    public record Settings(int chunkBytes, Duration retention, Path catalogueDir, Duration heartbeatEvery) {
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

        /** Heartbeat every round. */
        public Settings(int chunkBytes, Duration retention, Path catalogueDir) {
            this(chunkBytes, retention, catalogueDir, Duration.ZERO);
        }

        public static Settings defaults() {
            return new Settings(Protocol.DEFAULT_CHUNK_BYTES, DEFAULT_RETENTION, null);
        }

        /** The defaults, with pulled catalogues written to {@code dataDir/catalogue-from-centre}. */
        public static Settings forDataDir(Path dataDir) {
            return new Settings(Protocol.DEFAULT_CHUNK_BYTES, DEFAULT_RETENTION, dataDir.resolve("catalogue-from-centre"));
        }

        /** As {@link #forDataDir}, with the configured retention and heartbeat pace. */
        public static Settings forDataDir(Path dataDir, Duration retention, Duration heartbeatEvery) {
            return new Settings(Protocol.DEFAULT_CHUNK_BYTES, retention, dataDir.resolve("catalogue-from-centre"),
                    heartbeatEvery);
        }

        public Settings {
            if (chunkBytes <= 0 || chunkBytes > Protocol.MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("chunk size must be 1.." + Protocol.MAX_CHUNK_BYTES);
            }
            if (retention == null || retention.isNegative()) {
                throw new IllegalArgumentException("retention must be zero or more");
            }
            if (heartbeatEvery == null || heartbeatEvery.isNegative()) {
                throw new IllegalArgumentException("heartbeat pace must be zero or more");
            }
        }
    }

    private final KioskStore store;
    private final CentreClient client;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final Supplier<Map<String, String>> deviceStatus;
    private final Backoff backoff = new Backoff(Backoff.DEFAULT_CAP, () -> ThreadLocalRandom.current().nextDouble());

    /** Held while a round of sending runs: rounds never overlap. */
    private final ReentrantLock roundLock = new ReentrantLock();

    // scheduling state, guarded by "this"
    private Duration interval;
    private ScheduledFuture<?> next;
    private boolean roundRunning;
    private boolean nudgedDuringRound;
    private int consecutiveFailures;
    private volatile boolean closed;

    // heartbeat state, guarded by roundLock
    private Instant lastHeartbeat;
    private Map<String, String> lastHeartbeatDevices;

    public SyncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler) {
        this(store, client, scheduler, Settings.defaults(), Map::of);
    }

    /**
     * @param deviceStatus device name to status for the heartbeat (e.g. from each device's
     *                     {@code check()}); called on the sync thread
     */
    public SyncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler, Settings settings,
                      Supplier<Map<String, String>> deviceStatus) {
        this.store = store;
        this.client = client;
        this.scheduler = scheduler;
        this.settings = settings;
        this.deviceStatus = deviceStatus;
    }

    /**
     * One whole round on the calling thread (send, pull, heartbeat, purge). An application the
     * centre receipts (new or duplicate) is marked acknowledged. A failure is recorded in the store
     * and the application stays pending; when the centre cannot be reached the round stops there,
     * while a refused application becomes a dead letter and does not hold back the ones after it.
     *
     * @return how many applications were acknowledged
     */
    public int syncOnce() {
        return round().acknowledged();
    }

    /** The queue at a glance (what {@code ./kiosk sync status} and the UI show). */
    public QueueFigures figures() {
        return store.applications().figures();
    }

    private record Round(int acknowledged, boolean failed) {
    }

    private Round round() {
        roundLock.lock();
        try {
            SendResult sent = send();
            boolean failed = sent.failed();
            boolean stopped = sent.stopped();
            if (!closed && !stopped) {
                RatingResult ratings = sendRatings(); // after the applications: a rating needs its application there
                failed |= ratings.failed();
                stopped = ratings.stopped();
            }
            if (!closed && !stopped) {
                failed |= !pull();
                failed |= !heartbeat();
            }
            purge();
            if (!failed && !closed) {
                store.syncState().clearSyncError();
            }
            return new Round(sent.acknowledged(), failed);
        } finally {
            roundLock.unlock();
        }
    }

    private record SendResult(int acknowledged, boolean failed, boolean stopped) {
    }

    private SendResult send() {
        List<String> pending = store.applications().pendingIds(); // one application in memory at a time
        int acknowledged = 0;
        boolean failed = false;
        for (String applicationId : pending) {
            if (closed) {
                break;
            }
            ApplicationSubmission app;
            try {
                app = store.applications().pendingApplication(applicationId).orElse(null);
            } catch (StoreException e) {
                failed = true;
                LOG.error("Application {} cannot be read from the kiosk store: {}", applicationId, e.getMessage());
                store.syncState().recordSyncError("application " + applicationId + " cannot be read: " + e.getMessage());
                continue;
            }
            if (app == null) {
                continue; // acknowledged meanwhile
            }
            try {
                List<DocumentPayload> references = new ArrayList<>();
                for (DocumentPayload doc : app.documents()) {
                    if (!Digests.sha256Hex(doc.content()).equals(doc.sha256())) {
                        throw new SubmissionRejectedException(0, "document " + doc.fileName()
                                + " is damaged on the kiosk (its SHA-256 no longer matches)");
                    }
                    long bytes = client.upload(doc.sha256(), doc.content(), settings.chunkBytes());
                    if (bytes > 0) {
                        LOG.debug("Uploaded {} bytes of {} for {}", bytes, doc.fileName(), app.applicationNo());
                    }
                    references.add(doc.withoutContent());
                }
                SubmissionReceipt receipt = client.submit(new ApplicationSubmission(app.applicationId(),
                        app.applicationNo(), app.kioskId(), app.serviceId(), app.serviceName(), app.applicantName(),
                        app.idNumber(), app.fields(), references, app.submittedAt()));
                store.applications().markAcknowledged(app.applicationId(), Instant.now());
                acknowledged++;
                LOG.info("Centre acknowledged application {}{}", app.applicationNo(),
                        receipt.duplicate() ? " (it already had it)" : "");
            } catch (SubmissionRejectedException e) {
                failed = true;
                deadLetter(app, e.status(), e.reason(), e.getMessage());
            } catch (CentreRefusedException e) {
                failed = true;
                if (e.credentialRefused()) {
                    store.syncState().recordSyncError("application " + app.applicationNo() + ": " + e.getMessage());
                    LOG.warn("Centre refused the kiosk's credential: {}", e.reason());
                    return new SendResult(acknowledged, true, true);
                }
                deadLetter(app, e.status(), e.reason(), e.getMessage()); // e.g. a document the centre will not take
            } catch (SyncException e) {
                LOG.warn("Sync stopped with {} application(s) still queued: {}", pending.size() - acknowledged,
                        e.getMessage());
                store.syncState().recordSyncError(e.getMessage());
                return new SendResult(acknowledged, true, true);
            }
        }
        return new SendResult(acknowledged, failed, false);
    }

    /**
     * The centre refused the application for good (a 4xx that resending will not fix; 401 and the passing 408/429
     * never get here): it leaves the send queue as a dead letter, kept encrypted, counted in the heartbeat, until a
     * technician re-sends it after a fix ({@code ./kiosk sync dead-letter}).
     */
    private void deadLetter(ApplicationSubmission app, int status, String reason, String message) {
        LOG.warn("Centre refused application {} for good (HTTP {}); kept as a dead letter for a technician: {}",
                app.applicationNo(), status, reason);
        store.syncState().recordSyncError("application " + app.applicationNo() + " is a dead letter: " + message);
        store.deadLetters().add(app.applicationId(), status, reason, Instant.now());
    }

    /** The heartbeat's devices map with the dead-letter count under {@code @dead-letter}, for the fleet page. */
    private Map<String, String> withDeadLetters(Map<String, String> devices) {
        Map<String, String> all = new java.util.LinkedHashMap<>(devices);
        try {
            all.put(DEAD_LETTERS, String.valueOf(store.deadLetters().count()));
        } catch (StoreException e) {
            LOG.warn("Cannot count the dead letters for the heartbeat: {}", e.getMessage());
        }
        return all;
    }

    /** The heartbeat key of the dead-letter count (the centre's {@code HeartbeatReport.DEAD_LETTERS}). */
    public static final String DEAD_LETTERS = "@dead-letter";

    private record RatingResult(int sent, boolean failed, boolean stopped) {
    }

    /**
     * The ratings of acknowledged applications, oldest first. A rating the centre refuses (4xx) is
     * marked refused and the next one goes; when the centre cannot be reached, or refuses the
     * credential, the rest wait for the next round.
     */
    private RatingResult sendRatings() {
        List<RatingSubmission> pending;
        try {
            pending = store.ratings().pendingRatings();
        } catch (StoreException e) {
            LOG.error("Ratings cannot be read from the kiosk store: {}", e.getMessage());
            store.syncState().recordSyncError("ratings cannot be read: " + e.getMessage());
            return new RatingResult(0, true, false);
        }
        int sent = 0;
        boolean failed = false;
        for (RatingSubmission rating : pending) {
            if (closed) {
                break;
            }
            try {
                RatingReceipt receipt = client.rate(rating);
                store.ratings().markRatingSent(rating.ratingId(), Instant.now());
                sent++;
                LOG.info("Centre received rating {} of application {}{}", rating.ratingId(), rating.applicationId(),
                        receipt.duplicate() ? " (it already had it)" : "");
            } catch (CentreRefusedException e) {
                failed = true;
                store.syncState().recordSyncError("rating " + rating.ratingId() + ": " + e.getMessage());
                if (e.credentialRefused()) {
                    LOG.warn("Centre refused the kiosk's credential: {}", e.reason());
                    return new RatingResult(sent, true, true);
                }
                LOG.warn("Centre refused rating {} for good; it is kept here and not sent again: {}", rating.ratingId(),
                        e.reason());
                store.ratings().markRatingRefused(rating.ratingId(), e.reason());
            } catch (SyncException e) {
                LOG.warn("Sending ratings stopped with {} still waiting: {}", pending.size() - sent, e.getMessage());
                store.syncState().recordSyncError("sending ratings: " + e.getMessage());
                return new RatingResult(sent, true, true);
            }
        }
        return new RatingResult(sent, failed, false);
    }

    /** Status changes and result documents; false when the centre could not be asked. */
    private boolean pull() {
        try {
            long cursor = store.syncState().changesCursor();
            while (!closed) {
                ChangesPage page = client.changes(cursor);
                store.syncState().applyStatusChanges(page.changes(), page.cursor());
                for (StatusChange change : page.changes()) {
                    LOG.info("Application {} is now {} at the centre", change.applicationNo(), change.status());
                }
                cursor = page.cursor();
                if (!page.more()) {
                    break;
                }
            }
            boolean allResults = true;
            for (String applicationId : store.results().resultsToFetch()) {
                if (closed) {
                    break;
                }
                allResults &= fetchResult(applicationId);
            }
            return allResults;
        } catch (SyncException e) {
            LOG.warn("Could not pull status changes from the centre: {}", e.getMessage());
            store.syncState().recordSyncError("pulling status changes: " + e.getMessage());
            return false;
        }
    }

    /**
     * Fetches and keeps one result document; false when it was refused for want of the centre's signature (it is
     * then neither kept nor printed, and is asked for again next round). Other failures end the pull.
     */
    private boolean fetchResult(String applicationId) throws SyncException {
        try {
            store.results().saveResult(applicationId, client.result(applicationId), Instant.now());
            LOG.info("Fetched the result document of application {}", applicationId);
            return true;
        } catch (UntrustedContentException e) {
            store.syncState().recordSyncError(e.getMessage());
            return false;
        }
    }

    /** Heartbeat entries that change by themselves and are no news: only their regular report carries them. */
    private static final java.util.Set<String> DRIFTING = java.util.Set.of("@disk-free-mb");

    private boolean heartbeat() {
        try {
            QueueFigures figures = store.applications().figures();
            Map<String, String> devices;
            try {
                devices = deviceStatus.get();
            } catch (RuntimeException e) {
                devices = Map.of("error", String.valueOf(e.getMessage()));
            }
            devices = withDeadLetters(devices);
            devices = client.refusals().addTo(devices); // a refused catalogue or result reaches the fleet page
            Instant now = Instant.now();
            // a round without a heartbeat still asks for a newer catalogue (the centre answers 304 when there is
            // none), so staff's changes reach the next resident as soon as before
            boolean newerCatalogue = true;
            if (heartbeatDue(now, devices)) {
                HeartbeatAnswer answer = client.heartbeat(new Heartbeat(null, figures.pending(), figures.acknowledged(),
                        figures.lastSuccess(), figures.lastError(), devices, now));
                lastHeartbeat = now;
                lastHeartbeatDevices = devices;
                newerCatalogue = answer.catalogueVersion() > store.syncState().catalogueVersion();
            }
            if (settings.catalogueDir() != null && newerCatalogue) {
                Optional<CatalogueUpdate> update = client.catalogue(store.syncState().catalogueVersion());
                if (update.isPresent()) {
                    writeCatalogue(update.get());
                    store.syncState().setCatalogueVersion(update.get().version());
                    LOG.info("Fetched catalogue version {} from the centre", update.get().version());
                }
            }
            return true;
        } catch (UntrustedContentException e) {
            store.syncState().recordSyncError(e.getMessage()); // logged where it was refused; reported in the next heartbeat
            return false;
        } catch (SyncException e) {
            LOG.warn("Heartbeat to the centre failed: {}", e.getMessage());
            return false;
        }
    }

    private boolean heartbeatDue(Instant now, Map<String, String> devices) {
        if (lastHeartbeat == null || !now.isBefore(lastHeartbeat.plus(settings.heartbeatEvery()))) {
            return true;
        }
        return !withoutDrifting(devices).equals(withoutDrifting(lastHeartbeatDevices));
    }

    private static Map<String, String> withoutDrifting(Map<String, String> devices) {
        Map<String, String> news = new java.util.HashMap<>(devices);
        news.keySet().removeAll(DRIFTING);
        return news;
    }

    private void writeCatalogue(CatalogueUpdate update) throws SyncException {
        try {
            Files.createDirectories(settings.catalogueDir());
            Path tmp = settings.catalogueDir().resolve("catalogue.json.tmp");
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(update.catalogue()));
            Files.move(tmp, settings.catalogueDir().resolve("catalogue.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SyncException("cannot write the catalogue to " + settings.catalogueDir() + ": " + e.getMessage(), e);
        }
    }

    private void purge() {
        try {
            store.retention().purgeExpired(Instant.now(), settings.retention());
        } catch (StoreException e) {
            LOG.error("Purging expired personal data failed: {}", e.getMessage());
        }
    }

    /**
     * Syncs now, then every {@code interval}; after failures the wait grows (doubling, capped at
     * five minutes or the interval if longer, with jitter) until a round succeeds again.
     */
    public synchronized void start(Duration interval) {
        if (closed) {
            throw new IllegalStateException("sync worker is closed");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive: " + interval);
        }
        this.interval = interval;
        LOG.info("Syncing with the centre every {}", interval);
        scheduleLocked(Duration.ZERO);
    }

    /** Asks for a round soon, e.g. right after a submission; skips any backoff wait. */
    public synchronized void nudge() {
        if (closed) {
            return;
        }
        if (roundRunning) {
            nudgedDuringRound = true; // the running round may have read the queue before the new application
        } else {
            scheduleLocked(Duration.ZERO);
        }
    }

    private void scheduled() {
        synchronized (this) {
            if (closed) {
                return;
            }
            roundRunning = true;
            nudgedDuringRound = false;
        }
        Round round;
        try {
            round = round();
        } catch (RuntimeException e) {
            LOG.error("Sync round failed", e);
            round = new Round(0, true);
        }
        synchronized (this) {
            roundRunning = false;
            consecutiveFailures = round.failed() ? consecutiveFailures + 1 : 0;
            if (closed) {
                return;
            }
            if (nudgedDuringRound) {
                scheduleLocked(Duration.ZERO);
            } else if (interval != null) {
                Duration delay = backoff.delay(interval, consecutiveFailures);
                if (consecutiveFailures > 0) {
                    LOG.info("Next sync attempt in {} s after {} failed round(s)", delay.toSeconds(),
                            consecutiveFailures);
                }
                scheduleLocked(delay);
            }
        }
    }

    private void scheduleLocked(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        next = scheduler.schedule(this::scheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops scheduling and waits for a round in progress to finish its current request, so the
     * store can be closed afterwards. Does not shut down the scheduler.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        roundLock.lock();
        roundLock.unlock();
        LOG.info("Sync worker stopped");
    }
}
