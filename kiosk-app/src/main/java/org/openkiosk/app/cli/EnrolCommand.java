package org.openkiosk.app.cli;

import java.net.URI;
import java.nio.file.Path;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.CentreRefusedException;
import org.openkiosk.app.sync.KioskCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./kiosk enrol --centre URL --code CODE [--data DIR]}: trade a one-time code for the kiosk's credential. */
@Command(name = "enrol", description = "enrol this kiosk at the centre with a code from `centre enrol`; the credential"
        + " is kept in DIR (default: kiosk.data) with the centre's URL, its signing key and the pin of its TLS key (not"
        + " with --no-pin); URL is https:// (trusting centre.ca-file when set), http:// only on this machine; set"
        + " centre.url to URL")
final class EnrolCommand extends CliCommand {

    @Option(names = "--centre", paramLabel = "URL", required = true, description = "the centre's address")
    String centre;

    @Option(names = "--code", paramLabel = "CODE", required = true, description = "the one-time enrolment code")
    String code;

    @Mixin
    DataOption data;

    @Option(names = "--no-pin", description = "do not pin the centre's TLS key")
    boolean noPin;

    EnrolCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        KioskConfig config = options.config();
        String url = centre.strip();
        String problem = CentreUrl.problem(url);
        if (problem != null) {
            throw new Main.UsageException("--centre " + problem); // before any byte, the code included, is sent
        }
        Path dir = data.dataDir(config);
        KioskCredential credential;
        try {
            credential = CentreClient.forEnrolment(URI.create(url), CentreClient.TIMEOUT, config.centre().caFile())
                    .enrol(code);
        } catch (CentreRefusedException e) {
            err.println("kiosk: enrolment refused: " + e.reason());
            return 1;
        }
        if (noPin) {
            credential = credential.withoutPin();
        }
        credential.save(dir);
        out.println("enrolled as kiosk " + credential.kioskId() + " at " + credential.centreUrl()
                + "; credential in " + dir.resolve(KioskCredential.FILE_NAME).toAbsolutePath());
        out.println(credential.pin() != null ? "centre TLS key pinned: " + credential.pin()
                : "centre TLS key not pinned" + (url.regionMatches(true, 0, "https:", 0, 6) ? " (--no-pin)" : ""));
        if (credential.signingKey() == null) {
            err.println("kiosk: warning: the centre gave no signing key; its catalogue and results will be refused");
        }
        if (!credential.kioskId().equals(config.kiosk().id())) {
            err.println("kiosk: note: kiosk.id in the configuration is " + config.kiosk().id()
                    + "; set kiosk.id=" + credential.kioskId() + " so the kiosk's applications carry its enrolled id");
        }
        if (config.centre().embedded() || !CentreUrl.same(config.centre().url(), credential.centreUrl())) {
            err.println("kiosk: note: centre.url in the configuration is " + config.centre().url() + "; set centre.url="
                    + credential.centreUrl() + " (the kiosk sends only to the centre it is enrolled at)");
        }
        return 0;
    }
}
