package org.openkiosk.app.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.StoreException;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each pending application: its documents in chunks, resuming where the centre says an earlier attempt stopped,
 * then the application referring to them by SHA-256 (idempotent by application id), and marks it acknowledged. An
 * application the centre refuses for good (a 4xx other than 401, 408 and 429) becomes a dead letter: out of the
 * queue, kept encrypted, counted in the heartbeat ({@link SyncWorker#DEAD_LETTERS}), until a technician re-sends it
 * ({@code ./kiosk sync dead-letter}); it does not hold back the applications after it. When the centre cannot be
 * reached, or refuses the credential, the rest wait for the next round.
 */
final class SendApplicationsStep implements SyncStep {

    // logged as the worker, as before the split: operators grep for it
    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final CentreClient client;
    private final int chunkBytes;
    private final Clock clock;

    SendApplicationsStep(KioskStore store, CentreClient client, int chunkBytes, Clock clock) {
        this.store = store;
        this.client = client;
        this.chunkBytes = chunkBytes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "send applications";
    }

    @Override
    public Outcome run(SyncRound round) {
        List<String> pending = store.applications().pendingIds(); // one application in memory at a time
        int acknowledged = 0;
        boolean failed = false;
        for (String applicationId : pending) {
            if (round.closing()) {
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
                SubmissionReceipt receipt = client.submit(withReferences(app, upload(app)));
                store.applications().markAcknowledged(app.applicationId(), clock.instant());
                acknowledged++;
                round.acknowledged();
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
                    return Outcome.CENTRE_UNREACHABLE;
                }
                deadLetter(app, e.status(), e.reason(), e.getMessage()); // e.g. a document the centre will not take
            } catch (SyncException e) {
                LOG.warn("Sync stopped with {} application(s) still queued: {}", pending.size() - acknowledged,
                        e.getMessage());
                store.syncState().recordSyncError(e.getMessage());
                return Outcome.CENTRE_UNREACHABLE;
            }
        }
        return failed ? Outcome.FAILED : Outcome.DONE;
    }

    /** Uploads the application's documents (checked against their SHA-256 first); returns them without content. */
    private List<DocumentPayload> upload(ApplicationSubmission app) throws SyncException {
        List<DocumentPayload> references = new ArrayList<>();
        for (DocumentPayload doc : app.documents()) {
            if (!Digests.sha256Hex(doc.content()).equals(doc.sha256())) {
                throw new SubmissionRejectedException(0, "document " + doc.fileName()
                        + " is damaged on the kiosk (its SHA-256 no longer matches)");
            }
            long bytes = client.upload(doc.sha256(), doc.content(), chunkBytes);
            if (bytes > 0) {
                LOG.debug("Uploaded {} bytes of {} for {}", bytes, doc.fileName(), app.applicationNo());
            }
            references.add(doc.withoutContent());
        }
        return references;
    }

    private static ApplicationSubmission withReferences(ApplicationSubmission app, List<DocumentPayload> references) {
        return new ApplicationSubmission(app.applicationId(), app.applicationNo(), app.kioskId(), app.serviceId(),
                app.serviceName(), app.applicantName(), app.idNumber(), app.fields(), references, app.submittedAt(),
                app.references());
    }

    /**
     * The centre refused the application for good (a 4xx that resending will not fix; 401 and the passing 408/429
     * never get here): it leaves the send queue as a dead letter until a technician re-sends it after a fix.
     */
    private void deadLetter(ApplicationSubmission app, int status, String reason, String message) {
        LOG.warn("Centre refused application {} for good (HTTP {}); kept as a dead letter for a technician: {}",
                app.applicationNo(), status, reason);
        store.syncState().recordSyncError("application " + app.applicationNo() + " is a dead letter: " + message);
        store.deadLetters().add(app.applicationId(), status, reason, clock.instant());
    }
}
