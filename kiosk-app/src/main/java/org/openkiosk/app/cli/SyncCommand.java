package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.sync.CentreBinding;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.wiring.KioskData;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.sync.api.Json;

/**
 * {@code ./kiosk sync --once} sends everything queued and pulls what the centre decided, exit 0 once
 * every application is confirmed; {@code ./kiosk sync status [--json]} shows the queue.
 */
final class SyncCommand implements Command {

    @Override
    public String usage() {
        return """
                  sync --once [--data DIR] [--centre URL]
                                      send every queued application now; exit 0 once all are confirmed
                  sync status [--json] [--data DIR] [--centre URL]
                                      pending, acknowledged, last success, last error, ratings waiting
                """ + DeadLetterCommand.USAGE;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        if ("dead-letter".equals(args.peek())) {
            args.pop();
            return new DeadLetterCommand().run(args, out, err);
        }
        Main.Options o = Main.Options.parse(args, List.of("--once", "--json"), List.of("--data", "--centre"));
        boolean status = o.rest().equals(List.of("status"));
        if (!status && !o.rest().isEmpty()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "' (sync --once | sync status)");
        }
        if (!status && !o.flag("--once")) {
            throw new Main.UsageException("sync needs --once (send now) or status (show the queue)");
        }
        KioskConfig config = o.config();
        Path data = SyncOptions.dataDir(o, config);
        KioskCredential credential = KioskCredential.load(data).orElse(null);
        String centre = SyncOptions.centreUrl(o, config, credential).orElse(null);
        CentreBinding binding = credential == null ? null : binding(config, credential);
        return status ? status(data, config, credential, centre, binding, o.flag("--json"), out)
                : once(data, credential, centre, binding, config, out, err);
    }

    /**
     * The enrolled centre's client, or one that sends nothing when a configured remote centre.url names another
     * centre (an embedded configuration leaves the enrolled centre as it is: these commands run on its data).
     */
    private static CentreBinding binding(KioskConfig config, KioskCredential credential) {
        String configured = config.centre().embedded() ? credential.centreUrl() : config.centre().url();
        return CentreBinding.of(new KioskConfig.Centre(false, configured, config.centre().caFile()),
                java.util.Optional.of(credential), CentreClient.TIMEOUT);
    }

    private static int once(Path data, KioskCredential credential, String centre, CentreBinding binding,
                            KioskConfig config, PrintStream out, PrintStream err) {
        if (credential == null) {
            err.println("kiosk: this kiosk is not enrolled (no " + KioskCredential.FILE_NAME + " in " + data.toAbsolutePath()
                    + "): run ./kiosk enrol --centre URL --code CODE");
            return 1;
        }
        if (binding.problem() != null) {
            err.println("kiosk: " + binding.problem());
            return 1;
        }
        try (KioskData kiosk = KioskRoot.data(config, data)) {
            KioskStore store = kiosk.store();
            int sent = kiosk.syncOnce(binding.client());
            QueueFigures figures = store.applications().figures();
            if (figures.pending() > 0) {
                err.println("kiosk: sent " + sent + " application(s); " + figures.pending()
                        + " still pending: " + (figures.lastError() == null ? "unknown error" : figures.lastError()));
                return 1;
            }
            int dead = store.deadLetters().count();
            if (dead > 0) {
                err.println("kiosk: sent " + sent + " application(s); " + dead + " refused by the centre for good"
                        + " (dead letters): ./kiosk sync dead-letter");
                return 1;
            }
            out.println("sent " + sent + " application(s) to " + centre + "; pending 0, acknowledged "
                    + figures.acknowledged());
            return 0;
        }
    }

    private static int status(Path data, KioskConfig config, KioskCredential credential, String centre,
                              CentreBinding binding, boolean asJson, PrintStream out) throws Exception {
        String problem = binding == null ? null : binding.problem();
        QueueFigures f;
        int pendingRatings;
        int deadLetters;
        try (KioskData kiosk = KioskRoot.data(config, data)) {
            KioskStore store = kiosk.store();
            f = store.applications().figures();
            pendingRatings = store.ratings().pendingRatingCount();
            deadLetters = store.deadLetters().count();
        }
        if (asJson) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("pending", f.pending());
            node.put("acknowledged", f.acknowledged());
            node.put("lastSuccess", f.lastSuccess() == null ? null : f.lastSuccess().toString());
            node.put("lastError", f.lastError());
            node.put("kioskId", credential == null ? null : credential.kioskId());
            node.put("centre", centre);
            node.put("pendingRatings", pendingRatings);
            node.put("deadLetters", deadLetters);
            node.put("centreProblem", problem);
            node.put("centrePinned", credential != null && credential.pin() != null);
            node.put("centreSigningKey", credential != null && credential.signingKey() != null);
            out.println(Json.mapper().writeValueAsString(node));
        } else {
            out.println("pending       " + f.pending());
            out.println("acknowledged  " + f.acknowledged());
            out.println("last success  " + (f.lastSuccess() == null ? "never" : f.lastSuccess()));
            out.println("last error    " + (f.lastError() == null ? "none" : f.lastError()));
            out.println("ratings       " + pendingRatings + " waiting for the centre");
            out.println("dead letters  " + deadLetters + (deadLetters == 0 ? "" : " refused by the centre for good:"
                    + " ./kiosk sync dead-letter"));
            out.println("enrolled      " + (credential == null ? "no (./kiosk enrol)" : "as " + credential.kioskId()
                    + " at " + credential.centreUrl() + (credential.pin() != null ? ", TLS key pinned" : "")
                    + (credential.signingKey() != null ? "" : "; no signing key: enrol again to receive the "
                    + "catalogue and results")));
            if (problem != null) {
                out.println("NOT SENDING    " + problem);
            }
        }
        return 0;
    }
}
