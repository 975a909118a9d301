package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.CentreRefusedException;
import org.openkiosk.app.sync.KioskCredential;

/** {@code ./kiosk enrol --centre URL --code CODE [--data DIR]}: trade a one-time code for the kiosk's credential. */
final class EnrolCommand implements Command {

    @Override
    public String usage() {
        return """
                  enrol --centre URL --code CODE [--data DIR] [--no-pin]
                                      enrol this kiosk at the centre with a code from `centre enrol`;
                                      the credential is kept in DIR (default: kiosk.data) with the
                                      centre's URL, its signing key and the pin of its TLS key (not
                                      with --no-pin); URL is https:// (trusting centre.ca-file when
                                      set), http:// only on this machine; set centre.url to URL
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--no-pin"), List.of("--centre", "--code", "--data"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        KioskConfig config = o.config();
        String code = o.value("--code").orElseThrow(() -> new Main.UsageException("enrol needs --code CODE"));
        String centre = o.value("--centre").map(String::strip)
                .orElseThrow(() -> new Main.UsageException("enrol needs --centre URL"));
        String problem = CentreUrl.problem(centre);
        if (problem != null) {
            throw new Main.UsageException("--centre " + problem); // before any byte, the code included, is sent
        }
        Path data = SyncOptions.dataDir(o, config);
        KioskCredential credential;
        try {
            credential = CentreClient.forEnrolment(URI.create(centre), CentreClient.TIMEOUT, config.centre().caFile())
                    .enrol(code);
        } catch (CentreRefusedException e) {
            err.println("kiosk: enrolment refused: " + e.reason());
            return 1;
        }
        if (o.flag("--no-pin")) {
            credential = credential.withoutPin();
        }
        credential.save(data);
        out.println("enrolled as kiosk " + credential.kioskId() + " at " + credential.centreUrl()
                + "; credential in " + data.resolve(KioskCredential.FILE_NAME).toAbsolutePath());
        out.println(credential.pin() != null ? "centre TLS key pinned: " + credential.pin()
                : "centre TLS key not pinned" + (centre.regionMatches(true, 0, "https:", 0, 6) ? " (--no-pin)" : ""));
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
