package org.openkiosk.app.sync;

import java.time.Clock;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.StatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the status changes since the kiosk's cursor, page by page, then fetches the result documents the centre has
 * ready. A result without a valid signature of the centre ({@link UntrustedContentException}, checked by the
 * {@link CentreClient}) is neither kept nor printed: it is recorded, reported in the next heartbeat and asked for
 * again next round, while the other results are still fetched.
 */
final class PullChangesAndResultsStep implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final CentreClient client;
    private final Clock clock;

    PullChangesAndResultsStep(KioskStore store, CentreClient client, Clock clock) {
        this.store = store;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "pull status changes and results";
    }

    @Override
    public Outcome run(SyncRound round) {
        try {
            long cursor = store.syncState().changesCursor();
            while (!round.closing()) {
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
                if (round.closing()) {
                    break;
                }
                allResults &= fetchResult(applicationId);
            }
            return allResults ? Outcome.DONE : Outcome.FAILED;
        } catch (SyncException e) {
            // as before the split, the heartbeat still goes: it tells the centre the kiosk is alive
            LOG.warn("Could not pull status changes from the centre: {}", e.getMessage());
            store.syncState().recordSyncError("pulling status changes: " + e.getMessage());
            return Outcome.FAILED;
        }
    }

    /** Fetches and keeps one result document; false when it was refused for want of the centre's signature. */
    private boolean fetchResult(String applicationId) throws SyncException {
        try {
            store.results().saveResult(applicationId, client.result(applicationId), clock.instant());
            LOG.info("Fetched the result document of application {}", applicationId);
            return true;
        } catch (UntrustedContentException e) {
            store.syncState().recordSyncError(e.getMessage());
            return false;
        }
    }
}
