package org.openkiosk.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.sync.KioskCredential;

/** {@code --data DIR} and {@code --centre URL} as the technician commands (enrol, queue, sync) read them. */
final class SyncOptions {

    private SyncOptions() {
    }

    /** {@code --data DIR}, else the configured {@code kiosk.data}. */
    static Path dataDir(Main.Options o, KioskConfig config) {
        return o.value("--data").map(Path::of).orElse(config.kiosk().dataDir());
    }

    /**
     * {@code --centre URL}, else the centre the kiosk was enrolled at, else a configured remote
     * {@code centre.url}; empty when none applies.
     */
    static Optional<String> centreUrl(Main.Options o, KioskConfig config, KioskCredential credential)
            throws Main.UsageException {
        Optional<String> given = o.value("--centre");
        if (given.isPresent()) {
            String url = given.get().strip();
            if (!url.matches("https?://[^\\s/]+(/\\S*)?")) {
                throw new Main.UsageException("--centre needs an http(s) URL such as http://centre:8080, not '" + url + "'");
            }
            return Optional.of(url);
        }
        if (credential != null) {
            return Optional.of(credential.centreUrl());
        }
        return config.centre().embedded() ? Optional.empty() : Optional.of(config.centre().url());
    }
}
