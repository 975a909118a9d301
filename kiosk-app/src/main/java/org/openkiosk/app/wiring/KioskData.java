package org.openkiosk.app.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.CentreClient;

/**
 * A kiosk's data opened on its own by {@link KioskRoot#data}, without devices, screens or background threads: what
 * the {@code queue} and {@code sync} commands work on, also while the kiosk itself is running.
 *
 * @param store   the send queue, ratings, results, sync state and dead letters
 * @param dataDir where the data lives
 */
public record KioskData(KioskStore store, Path dataDir, Duration retention) implements AutoCloseable {

    /**
     * One sync round with {@code client}, by the same worker the running kiosk uses (no heartbeat): sends what is
     * queued and pulls what the centre decided. The number of applications the centre confirmed.
     */
    public int syncOnce(CentreClient client) {
        ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
        try {
            return KioskRoot.syncWorker(store, client, unused, dataDir, retention, Duration.ZERO, Map::of).syncOnce();
        } finally {
            unused.shutdownNow();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
