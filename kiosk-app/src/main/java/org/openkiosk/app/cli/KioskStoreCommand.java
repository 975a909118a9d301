package org.openkiosk.app.cli;

import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.wiring.KioskData;
import org.openkiosk.app.wiring.KioskRoot;
import picocli.CommandLine.Mixin;

/** A command on the kiosk's store in its data folder. */
abstract class KioskStoreCommand extends CliCommand {
    @Mixin
    DataOption data;

    KioskStoreCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        KioskConfig config = options.config();
        try (KioskData kiosk = KioskRoot.data(config, data.dataDir(config))) {
            return run(kiosk.store());
        }
    }

    abstract int run(KioskStore store) throws Exception;
}
