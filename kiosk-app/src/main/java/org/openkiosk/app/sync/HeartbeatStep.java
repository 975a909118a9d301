package org.openkiosk.app.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.store.StoreException;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.HeartbeatAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the centre the kiosk is alive and how it is doing (queue figures, devices, the dead-letter count under
 * {@link SyncWorker#DEAD_LETTERS}, content refused for want of a signature), when its {@link HeartbeatPace} says so.
 * The catalogue version in the centre's answer is left in the round for {@link FetchCatalogueStep}.
 */
final class HeartbeatStep implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    /** How a heartbeat reaches the centre ({@link CentreClient#heartbeat} in production). */
    @FunctionalInterface
    interface Sender {
        HeartbeatAnswer send(Heartbeat beat) throws SyncException;
    }

    private final KioskStore store;
    private final Sender sender;
    private final ContentRefusals refusals;
    private final Supplier<Map<String, String>> deviceStatus;
    private final HeartbeatPace pace;
    private final Clock clock;

    /**
     * @param deviceStatus device name to status (e.g. from each device's {@code check()}); called on the sync thread
     * @param refusals     what the client refused for want of a signature, reported to the fleet page
     */
    HeartbeatStep(KioskStore store, Sender sender, ContentRefusals refusals,
                  Supplier<Map<String, String>> deviceStatus, HeartbeatPace pace, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.refusals = refusals;
        this.deviceStatus = deviceStatus;
        this.pace = pace;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public Outcome run(SyncRound round) {
        QueueFigures figures = store.applications().figures();
        Map<String, String> devices = refusals.addTo(withDeadLetters(devices()));
        Instant now = clock.instant();
        if (!pace.due(devices)) {
            return Outcome.DONE;
        }
        try {
            HeartbeatAnswer answer = sender.send(new Heartbeat(null, figures.pending(), figures.acknowledged(),
                    figures.lastSuccess(), figures.lastError(), devices, now));
            pace.sent(now, devices);
            round.heardCatalogueVersion(answer.catalogueVersion());
            return Outcome.DONE;
        } catch (SyncException e) {
            LOG.warn("Heartbeat to the centre failed: {}", e.getMessage());
            return Outcome.CENTRE_UNREACHABLE;
        }
    }

    private Map<String, String> devices() {
        try {
            return deviceStatus.get();
        } catch (RuntimeException e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    /** The devices map with the dead-letter count under {@code @dead-letter}, for the fleet page. */
    private Map<String, String> withDeadLetters(Map<String, String> devices) {
        Map<String, String> all = new LinkedHashMap<>(devices);
        try {
            all.put(SyncWorker.DEAD_LETTERS, String.valueOf(store.deadLetters().count()));
        } catch (StoreException e) {
            LOG.warn("Cannot count the dead letters for the heartbeat: {}", e.getMessage());
        }
        return all;
    }
}
