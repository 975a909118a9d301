package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.CentreRefusedException;
import org.openkiosk.app.sync.KioskCredential;

/** {@code ./kiosk enrol --centre URL --code CODE [--data DIR]}: trade a one-time code for the kiosk's credential. */
final class EnrolCommand implements Command {

    @Override
    public String usage() {
        return """
                  enrol --centre URL --code CODE [--data DIR]
                                      enrol this kiosk at the centre with a code from `centre enrol`;
                                      the credential is kept in DIR (default: kiosk.data)
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--centre", "--code", "--data"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        KioskConfig config = o.config();
        String code = o.value("--code").orElseThrow(() -> new Main.UsageException("enrol needs --code CODE"));
        String centre = SyncOptions.centreUrl(o, config, null)
                .orElseThrow(() -> new Main.UsageException("enrol needs --centre URL"));
        Path data = SyncOptions.dataDir(o, config);
        KioskCredential credential;
        try {
            credential = new CentreClient(URI.create(centre), Duration.ofSeconds(30)).enrol(code);
        } catch (CentreRefusedException e) {
            err.println("kiosk: enrolment refused: " + e.reason());
            return 1;
        }
        credential.save(data);
        out.println("enrolled as kiosk " + credential.kioskId() + " at " + credential.centreUrl()
                + "; credential in " + data.resolve(KioskCredential.FILE_NAME).toAbsolutePath());
        if (!credential.kioskId().equals(config.kiosk().id())) {
            err.println("kiosk: note: kiosk.id in the configuration is " + config.kiosk().id()
                    + "; set kiosk.id=" + credential.kioskId() + " so the kiosk's applications carry its enrolled id");
        }
        return 0;
    }
}
