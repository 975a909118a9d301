package org.openkiosk.app.cli;

import java.util.Optional;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.sync.KioskCredential;
import picocli.CommandLine.Option;

/** {@code --centre URL} as the technician commands (queue, sync) read it. */
final class SyncOptions {

    @Option(names = "--centre", paramLabel = "URL", description = "the centre the kiosk is enrolled at (only checked:"
            + " a different centre needs a new enrolment)")
    String centre;

    /**
     * The centre the kiosk was enrolled at; {@code --centre URL} only confirms it: a different centre needs a new
     * enrolment, and nothing is sent to it. Empty when the kiosk is not enrolled and no {@code --centre} is given.
     */
    Optional<String> centreUrl(KioskConfig config, KioskCredential credential) throws Main.UsageException {
        Optional<String> given = Optional.ofNullable(centre).map(String::strip);
        if (given.isPresent() && CentreUrl.problem(given.get()) != null) {
            throw new Main.UsageException("--centre " + CentreUrl.problem(given.get()));
        }
        if (given.isPresent() && credential != null && !CentreUrl.same(given.get(), credential.centreUrl())) {
            throw new Main.UsageException("this kiosk is enrolled at " + credential.centreUrl() + ", not "
                    + given.get() + ", and sends only there: a different centre needs a new enrolment "
                    + "(./kiosk enrol --centre " + given.get() + " --code CODE)");
        }
        if (credential != null) {
            return Optional.of(credential.centreUrl());
        }
        return given.isPresent() ? given : config.centre().embedded() ? Optional.empty() : Optional.of(config.centre().url());
    }
}
