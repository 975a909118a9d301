package org.openkiosk.app.cli;

import java.nio.file.Path;
import org.openkiosk.app.config.KioskConfig;
import picocli.CommandLine.Option;

/** {@code --data DIR}: the kiosk's data folder, instead of the configured {@code kiosk.data}. */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "the kiosk's data folder (default: kiosk.data)")
    Path data;

    Path dataDir(KioskConfig config) {
        return data != null ? data : config.kiosk().dataDir();
    }
}
