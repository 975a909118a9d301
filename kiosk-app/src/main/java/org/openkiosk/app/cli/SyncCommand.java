package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.sync.CentreBinding;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.wiring.KioskData;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.sync.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk sync --once} sends everything queued and pulls what the centre decided, exit 0 once
 * every application is confirmed; {@code ./kiosk sync status [--json]} shows the queue;
 * {@code ./kiosk sync dead-letter ...} the applications the centre refused for good.
 */
@Command(name = "sync", subcommands = {SyncCommand.Status.class, DeadLetterCommand.class},
        description = "send every queued application now; exit 0 once all are confirmed")
final class SyncCommand extends CliCommand {

    @Option(names = "--once", description = "send now (required: sync runs one round)")
    boolean once;

    @Mixin
    DataOption data;

    @Mixin
    SyncOptions sync;

    SyncCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        if (!once) {
            throw new Main.UsageException("sync needs --once (send now) or status (show the queue)");
        }
        Link link = Link.of(options, data, sync);
        return once(link.data(), link.credential(), link.centre(), link.binding(), link.config(), out, err);
    }

    @Command(name = "status", description = "pending, acknowledged, last success, last error, ratings waiting")
    static final class Status extends CliCommand {
        @Option(names = "--json", description = "one JSON object: {\"pending\", \"acknowledged\", \"lastSuccess\","
                + " \"lastError\", \"kioskId\", \"centre\", \"pendingRatings\", \"deadLetters\", ...}")
        boolean json;

        @Mixin
        DataOption data;

        @Mixin
        SyncOptions sync;

        Status(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            Link link = Link.of(options, data, sync);
            return status(link.data(), link.config(), link.credential(), link.centre(), link.binding(), json, out);
        }
    }

    /** The configuration, the data folder, the kiosk's credential and the centre it sends to. */
    private record Link(KioskConfig config, Path data, KioskCredential credential, String centre,
                        CentreBinding binding) {
        static Link of(ConfigOptions options, DataOption dataOption, SyncOptions sync) throws Exception {
            KioskConfig config = options.config();
            Path data = dataOption.dataDir(config);
            KioskCredential credential = KioskCredential.load(data).orElse(null);
            String centre = sync.centreUrl(config, credential).orElse(null);
            return new Link(config, data, credential, centre, credential == null ? null : SyncCommand.binding(config, credential));
        }
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
