package org.openkiosk.app.sync;

import java.time.Clock;
import java.time.Duration;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges personal data the centre confirmed longer ago than the retention period (never a dead letter). Runs on the
 * kiosk alone, so also in a round where the centre cannot be reached; a failure does not fail the round.
 */
final class PurgeExpiredStep implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final Duration retention;
    private final Clock clock;

    PurgeExpiredStep(KioskStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "purge expired personal data";
    }

    @Override
    public boolean needsCentre() {
        return false;
    }

    @Override
    public Outcome run(SyncRound round) {
        try {
            store.retention().purgeExpired(clock.instant(), retention);
        } catch (StoreException e) {
            LOG.error("Purging expired personal data failed: {}", e.getMessage());
        }
        return Outcome.DONE;
    }
}
