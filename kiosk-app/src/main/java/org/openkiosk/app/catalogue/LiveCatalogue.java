package org.openkiosk.app.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue in force: the latest one the centre published (written by the sync worker into
 * {@code pulledDir}), else the one the kiosk was configured with. A pulled catalogue that does not validate is
 * reported and ignored, so a bad update never takes services away from residents.
 */
public final class LiveCatalogue implements Supplier<Catalogue> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCatalogue.class);

    private final Catalogue configured;
    private final Path pulledFile;
    private Catalogue current;
    private FileTime loaded;

    public LiveCatalogue(Catalogue configured, Path pulledDir) {
        this.configured = configured;
        this.pulledFile = pulledDir.resolve("catalogue.json");
        this.current = configured;
    }

    @Override
    public synchronized Catalogue get() {
        try {
            if (!Files.exists(pulledFile)) {
                return current;
            }
            FileTime modified = Files.getLastModifiedTime(pulledFile);
            if (!modified.equals(loaded)) {
                loaded = modified;
                current = Catalogue.fromDirectory(pulledFile.getParent());
                LOG.info("catalogue updated from the centre ({} matters)", current.matters().size());
            }
        } catch (IOException | CatalogueException e) {
            LOG.warn("the catalogue from the centre is not usable, keeping the one in force: {}", e.getMessage());
        }
        return current;
    }

    /** The catalogue the kiosk was configured with, before any update from the centre. */
    public Catalogue configured() {
        return configured;
    }
}
