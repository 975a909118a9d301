package org.openkiosk.app.sync;

import java.time.Clock;
import java.util.List;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.StoreException;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the residents' ratings (好差评) of acknowledged applications, oldest first (idempotent by rating id), and
 * marks them sent; runs after {@link SendApplicationsStep} because a rating needs its application at the centre. A
 * rating the centre refuses (4xx) is kept with the reason and not sent again, and the next one goes; when the centre
 * cannot be reached, or refuses the credential, the rest wait for the next round.
 */
final class SendRatingsStep implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final CentreClient client;
    private final Clock clock;

    SendRatingsStep(KioskStore store, CentreClient client, Clock clock) {
        this.store = store;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "send ratings";
    }

    @Override
    public Outcome run(SyncRound round) {
        List<RatingSubmission> pending;
        try {
            pending = store.ratings().pendingRatings();
        } catch (StoreException e) {
            LOG.error("Ratings cannot be read from the kiosk store: {}", e.getMessage());
            store.syncState().recordSyncError("ratings cannot be read: " + e.getMessage());
            return Outcome.FAILED;
        }
        int sent = 0;
        boolean failed = false;
        for (RatingSubmission rating : pending) {
            if (round.closing()) {
                break;
            }
            try {
                RatingReceipt receipt = client.rate(rating);
                store.ratings().markRatingSent(rating.ratingId(), clock.instant());
                sent++;
                LOG.info("Centre received rating {} of application {}{}", rating.ratingId(), rating.applicationId(),
                        receipt.duplicate() ? " (it already had it)" : "");
            } catch (CentreRefusedException e) {
                failed = true;
                store.syncState().recordSyncError("rating " + rating.ratingId() + ": " + e.getMessage());
                if (e.credentialRefused()) {
                    LOG.warn("Centre refused the kiosk's credential: {}", e.reason());
                    return Outcome.CENTRE_UNREACHABLE;
                }
                LOG.warn("Centre refused rating {} for good; it is kept here and not sent again: {}", rating.ratingId(),
                        e.reason());
                store.ratings().markRatingRefused(rating.ratingId(), e.reason());
            } catch (SyncException e) {
                LOG.warn("Sending ratings stopped with {} still waiting: {}", pending.size() - sent, e.getMessage());
                store.syncState().recordSyncError("sending ratings: " + e.getMessage());
                return Outcome.CENTRE_UNREACHABLE;
            }
        }
        return failed ? Outcome.FAILED : Outcome.DONE;
    }
}
