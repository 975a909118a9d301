package org.openkiosk.app.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.sync.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the kiosk's submission queue into the centre and brings back what the centre decided: periodically, and
 * soon after each new submission ({@link #nudge()}). A round runs these steps in order, each a class of its own:
 * <ol>
 *   <li>{@link SendApplicationsStep}: chunked document uploads, then the application; a refusal for good makes a
 *       dead letter;</li>
 *   <li>{@link SendRatingsStep}: the residents' ratings of acknowledged applications;</li>
 *   <li>{@link PullChangesAndResultsStep}: status changes since the cursor and the signed result documents;</li>
 *   <li>{@link HeartbeatStep}: when its {@link HeartbeatPace} says so;</li>
 *   <li>{@link FetchCatalogueStep}: a newer signed catalogue (when pulled catalogues have a folder);</li>
 *   <li>{@link PurgeExpiredStep}: personal data past the retention period.</li>
 * </ol>
 * A step that finds the centre unreachable (or its credential refused) skips the later steps that need the centre;
 * a step that fails otherwise, even with an unexpected exception, does not stop the others. A round in which nothing
 * failed clears the last sync error. Time comes from the injected {@link Clock} (tests move it instead of sleeping).
 * The scheduler is the caller's (it is not shut down here); a single-threaded one is enough.
 */
public final class SyncWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    /** The heartbeat key of the dead-letter count (the centre's {@code HeartbeatReport.DEAD_LETTERS}). */
    public static final String DEAD_LETTERS = "@dead-letter";

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
    private final List<SyncStep> steps;
    private final Runnable afterCleanRound;
    private final Consumer<String> recordError;
    private final ScheduledExecutorService scheduler;
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

    public SyncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler) {
        this(store, client, scheduler, Settings.defaults(), Map::of);
    }

    /**
     * On the system clock.
     *
     * @param deviceStatus device name to status for the heartbeat (e.g. from each device's
     *                     {@code check()}); called on the sync thread
     */
    public SyncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler, Settings settings,
                      Supplier<Map<String, String>> deviceStatus) {
        this(store, client, scheduler, settings, deviceStatus, Clock.systemUTC());
    }

    /** @param clock what every step reads the time from: heartbeat pace, acknowledgement times, the purge */
    public SyncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler, Settings settings,
                      Supplier<Map<String, String>> deviceStatus, Clock clock) {
        this(store, steps(store, client, settings, deviceStatus, clock), store.syncState()::clearSyncError, store.syncState()::recordSyncError,
                scheduler);
    }

    /**
     * A worker over any steps (tests).
     *
     * @param store           for {@link #figures()}; may be null when that is not called
     * @param afterCleanRound run after a round in which no step failed (production: clear the last sync error)
     * @param recordError     keeps the error of a step that threw, for {@code sync status} (production: the store)
     */
    SyncWorker(KioskStore store, List<SyncStep> steps, Runnable afterCleanRound, Consumer<String> recordError,
               ScheduledExecutorService scheduler) {
        this.store = store;
        this.steps = List.copyOf(steps);
        this.afterCleanRound = afterCleanRound;
        this.recordError = recordError;
        this.scheduler = scheduler;
    }

    /** The steps of a round, in order. */
    static List<SyncStep> steps(KioskStore store, CentreClient client, Settings settings,
                                Supplier<Map<String, String>> deviceStatus, Clock clock) {
        List<SyncStep> steps = new ArrayList<>();
        steps.add(new SendApplicationsStep(store, client, settings.chunkBytes(), clock));
        steps.add(new SendRatingsStep(store, client, clock)); // after the applications: a rating needs its application
        steps.add(new PullChangesAndResultsStep(store, client, clock));
        steps.add(new HeartbeatStep(store, client::heartbeat, client.refusals(), deviceStatus,
                new HeartbeatPace(clock, settings.heartbeatEvery()), clock));
        if (settings.catalogueDir() != null) {
            steps.add(new FetchCatalogueStep(store, client, settings.catalogueDir()));
        }
        steps.add(new PurgeExpiredStep(store, settings.retention(), clock));
        return steps;
    }

    /**
     * One whole round on the calling thread (send, pull, heartbeat, purge). An application the
     * centre receipts (new or duplicate) is marked acknowledged. A failure is recorded in the store
     * and the application stays pending; when the centre cannot be reached the round stops talking to
     * it there (the purge still runs), while a refused application becomes a dead letter and does not
     * hold back the ones after it. A step that throws is logged and recorded, and the next steps run.
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
            SyncRound round = new SyncRound(() -> closed);
            boolean failed = false;
            boolean centreUnreachable = false;
            for (SyncStep step : steps) {
                if (step.needsCentre() && (centreUnreachable || closed)) {
                    continue;
                }
                SyncStep.Outcome outcome = runStep(step, round);
                failed |= outcome != SyncStep.Outcome.DONE;
                centreUnreachable |= outcome == SyncStep.Outcome.CENTRE_UNREACHABLE;
            }
            if (!failed && !closed) {
                afterCleanRound.run();
            }
            return new Round(round.acknowledgedCount(), failed);
        } finally {
            roundLock.unlock();
        }
    }

    /** One step; an unexpected exception fails the step, not the round: the next steps still run. */
    private SyncStep.Outcome runStep(SyncStep step, SyncRound round) {
        try {
            return step.run(round);
        } catch (RuntimeException e) {
            LOG.error("Sync step '{}' failed; the round goes on with the next step", step.name(), e);
            try {
                recordError.accept(step.name() + " failed: " + e);
            } catch (RuntimeException again) {
                LOG.warn("Cannot record the failure of sync step '{}': {}", step.name(), again.toString());
            }
            return SyncStep.Outcome.FAILED;
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
