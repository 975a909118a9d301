package org.openkiosk.app.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.CatalogueUpdate;
import org.openkiosk.sync.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a newer service catalogue and writes it to {@code catalogueDir/catalogue.json} (atomically), when this
 * round's heartbeat named a newer version, or when no heartbeat went this round (the centre answers 304 when there
 * is none, so staff's changes reach the next resident within one sync interval whatever the heartbeat pace). The
 * {@link CentreClient} refuses a catalogue without the centre's valid signature ({@link UntrustedContentException}).
 */
final class FetchCatalogueStep implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);

    private final KioskStore store;
    private final CentreClient client;
    private final Path catalogueDir;

    FetchCatalogueStep(KioskStore store, CentreClient client, Path catalogueDir) {
        this.store = store;
        this.client = client;
        this.catalogueDir = catalogueDir;
    }

    @Override
    public String name() {
        return "fetch catalogue";
    }

    @Override
    public Outcome run(SyncRound round) {
        try {
            long held = store.syncState().catalogueVersion();
            if (round.heardCatalogueVersion().isPresent() && round.heardCatalogueVersion().getAsLong() <= held) {
                return Outcome.DONE;
            }
            Optional<CatalogueUpdate> update = client.catalogue(held);
            if (update.isPresent()) {
                write(update.get());
                store.syncState().setCatalogueVersion(update.get().version());
                LOG.info("Fetched catalogue version {} from the centre", update.get().version());
            }
            return Outcome.DONE;
        } catch (UntrustedContentException e) {
            store.syncState().recordSyncError(e.getMessage()); // logged where it was refused; reported in the next heartbeat
            return Outcome.FAILED;
        } catch (SyncException e) {
            LOG.warn("Fetching the catalogue from the centre failed: {}", e.getMessage());
            return Outcome.FAILED;
        }
    }

    private void write(CatalogueUpdate update) throws SyncException {
        try {
            Files.createDirectories(catalogueDir);
            Path tmp = catalogueDir.resolve("catalogue.json.tmp");
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(update.catalogue()));
            Files.move(tmp, catalogueDir.resolve("catalogue.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SyncException("cannot write the catalogue to " + catalogueDir + ": " + e.getMessage(), e);
        }
    }
}
