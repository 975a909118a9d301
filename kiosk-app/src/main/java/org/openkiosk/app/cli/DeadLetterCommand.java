package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.DeadLetter;
import org.openkiosk.app.store.DeadLetterExport;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.wiring.KioskData;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;

/**
 * {@code ./kiosk sync dead-letter ...}: the applications the centre refused for good. List them (no personal data),
 * put them back in the send queue after a fix, or export one encrypted with a passphrase (and open such a file).
 */
final class DeadLetterCommand {

    static final String USAGE = """
              sync dead-letter [--json] [--data DIR]
                                  applications the centre refused for good (no personal data shown)
              sync dead-letter resend ID|--all [--data DIR]
                                  put them back in the send queue after the fault is fixed
              sync dead-letter export ID --out FILE [--passphrase-file F] [--data DIR]
                                  the whole application, AES-256-GCM encrypted with a passphrase of 12+
                                  characters (first line of standard input, or F); the file is owner-only
              sync dead-letter open FILE [--passphrase-file F]
                                  print an exported application as JSON (needs its passphrase)
            """;

    int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--json", "--all"),
                List.of("--data", "--out", "--passphrase-file"));
        List<String> rest = o.rest();
        String action = rest.isEmpty() ? "list" : rest.get(0);
        if (action.equals("open")) {
            return open(rest, o, out, err);
        }
        KioskConfig config = o.config();
        Path data = SyncOptions.dataDir(o, config);
        try (KioskData kiosk = KioskRoot.data(config, data)) {
            KioskStore store = kiosk.store();
            return switch (action) {
                case "list" -> list(store, o.flag("--json"), out);
                case "resend" -> resend(store, rest, o, out, err);
                case "export" -> export(store, rest, o, out, err);
                default -> throw new Main.UsageException("unknown dead-letter action '" + action
                        + "' (list, resend, export, open)");
            };
        }
    }

    private static int list(KioskStore store, boolean asJson, PrintStream out) throws Exception {
        List<DeadLetter> letters = store.deadLetters().list();
        if (asJson) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("count", letters.size());
            ArrayNode list = node.putArray("deadLetters");
            for (DeadLetter d : letters) {
                ObjectNode n = list.addObject();
                n.put("applicationId", d.applicationId());
                n.put("applicationNo", d.applicationNo());
                n.put("serviceId", d.serviceId());
                n.put("serviceName", d.serviceName());
                n.put("submittedAt", d.submittedAt().toString());
                n.put("status", d.httpStatus());
                n.put("reason", d.reason());
                n.put("deadAt", d.deadAt().toString());
                n.put("refusals", d.refusals());
            }
            out.println(Json.mapper().writeValueAsString(node));
            return 0;
        }
        if (letters.isEmpty()) {
            out.println("no dead letters: the centre has refused no application");
            return 0;
        }
        out.println(letters.size() + " application(s) refused by the centre, kept encrypted on this kiosk:");
        for (DeadLetter d : letters) {
            out.println("  " + d.applicationId() + "  " + d.applicationNo() + "  " + d.serviceName() + "  HTTP "
                    + d.httpStatus() + " at " + d.deadAt() + " (" + d.refusals() + "x): " + d.reason());
        }
        out.println("fix the cause, then: ./kiosk sync dead-letter resend ID|--all");
        return 0;
    }

    private static int resend(KioskStore store, List<String> rest, Main.Options o, PrintStream out, PrintStream err)
            throws Main.UsageException {
        if (o.flag("--all") == (rest.size() == 2)) {
            throw new Main.UsageException("sync dead-letter resend needs one application id or --all");
        }
        int n;
        if (o.flag("--all")) {
            n = store.deadLetters().resendAll();
        } else if (store.deadLetters().resend(rest.get(1))) {
            n = 1;
        } else {
            err.println("kiosk: no dead letter " + rest.get(1) + " (./kiosk sync dead-letter lists them)");
            return 1;
        }
        out.println(n + " application(s) back in the send queue: the next sync round sends them"
                + " (now: ./kiosk sync --once)");
        return 0;
    }

    private static int export(KioskStore store, List<String> rest, Main.Options o, PrintStream out, PrintStream err)
            throws Exception {
        if (rest.size() != 2 || o.value("--out").isEmpty()) {
            throw new Main.UsageException("sync dead-letter export ID --out FILE");
        }
        String id = rest.get(1);
        if (!store.deadLetters().contains(id)) {
            err.println("kiosk: no dead letter " + id + " (./kiosk sync dead-letter lists them)");
            return 1;
        }
        ApplicationSubmission app = store.applications().pendingApplication(id).orElseThrow();
        char[] passphrase = passphrase(o);
        byte[] sealed;
        try {
            sealed = DeadLetterExport.seal(app, passphrase);
        } catch (IllegalArgumentException e) {
            err.println("kiosk: " + e.getMessage());
            return 2;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        Path target = Path.of(o.value("--out").get()).toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, sealed);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("exported application " + app.applicationNo() + " to " + target + " (encrypted; it stays a dead"
                + " letter here). Give the passphrase to the centre by another channel.");
        return 0;
    }

    private static int open(List<String> rest, Main.Options o, PrintStream out, PrintStream err) throws Exception {
        if (rest.size() != 2) {
            throw new Main.UsageException("sync dead-letter open FILE");
        }
        byte[] file = Files.readAllBytes(Path.of(rest.get(1)));
        char[] passphrase = passphrase(o);
        try {
            ApplicationSubmission app = DeadLetterExport.open(file, passphrase);
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(app));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("kiosk: " + e.getMessage());
            return 1;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The passphrase: the first line of {@code --passphrase-file}, else of standard input. */
    private static char[] passphrase(Main.Options o) throws IOException {
        BufferedReader in = o.value("--passphrase-file").isPresent()
                ? Files.newBufferedReader(Path.of(o.value("--passphrase-file").get()), StandardCharsets.UTF_8)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? new char[0] : line.strip().toCharArray();
    }
}
