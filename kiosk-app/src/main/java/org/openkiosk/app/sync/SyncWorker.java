package org.openkiosk.app.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the kiosk's submission queue into the centre: periodically, and soon after each new
 * submission ({@link #nudge()}). The scheduler is the caller's (it is not shut down here); a
 * single-threaded one is enough.
 */
public final class SyncWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final CentreClient client;
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
        this.store = store;
        this.client = client;
        this.scheduler = scheduler;
    }

    /**
     * Sends every pending application once, on the calling thread. An application the centre
     * receipts (new or duplicate) is marked acknowledged. A failure is recorded in the store and
     * the application stays pending; when the centre cannot be reached the round stops there,
     * while a refused application does not hold back the ones after it.
     *
     * @return how many applications were acknowledged
     */
    public int syncOnce() {
        return round().acknowledged();
    }

    private record Round(int acknowledged, boolean failed) {
    }

    private Round round() {
        roundLock.lock();
        try {
            List<String> pending = store.pendingIds(); // one application in memory at a time
            int acknowledged = 0;
            boolean failed = false;
            for (String applicationId : pending) {
                if (closed) {
                    break;
                }
                ApplicationSubmission app = store.pendingApplication(applicationId).orElse(null);
                if (app == null) {
                    continue; // acknowledged meanwhile
                }
                try {
                    SubmissionReceipt receipt = client.submit(app);
                    store.markAcknowledged(app.applicationId(), Instant.now());
                    acknowledged++;
                    LOG.info("Centre acknowledged application {}{}", app.applicationNo(),
                            receipt.duplicate() ? " (it already had it)" : "");
                } catch (SubmissionRejectedException e) {
                    failed = true;
                    LOG.warn("Application {} refused by the centre; it stays queued: {}", app.applicationNo(),
                            e.reason());
                    store.recordSyncError("application " + app.applicationNo() + ": " + e.getMessage());
                } catch (SyncException e) {
                    failed = true;
                    LOG.warn("Sync stopped with {} application(s) still queued: {}", pending.size() - acknowledged,
                            e.getMessage());
                    store.recordSyncError(e.getMessage());
                    break;
                }
            }
            return new Round(acknowledged, failed);
        } finally {
            roundLock.unlock();
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
