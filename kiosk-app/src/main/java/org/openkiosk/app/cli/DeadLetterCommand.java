package org.openkiosk.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.openkiosk.app.store.DeadLetterExport;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./kiosk sync dead-letter ...}: the applications the centre refused for good. List them (no personal data),
 * put them back in the send queue after a fix, or export one encrypted with a passphrase (and open such a file).
 */
@Command(name = "dead-letter", subcommands = {DeadLetterCommand.ListLetters.class, DeadLetterCommand.Resend.class,
        DeadLetterCommand.Export.class, DeadLetterCommand.Open.class},
        description = "applications the centre refused for good (no personal data shown)")
final class DeadLetterCommand extends DeadLetterListing {

    DeadLetterCommand(Streams streams) {
        super(streams);
    }

    @Command(name = "list", description = "the same as sync dead-letter")
    static final class ListLetters extends DeadLetterListing {
        ListLetters(Streams streams) {
            super(streams);
        }
    }

    @Command(name = "resend", description = "put them back in the send queue after the fault is fixed")
    static final class Resend extends KioskStoreCommand {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "the application's id")
        String id;

        @Option(names = "--all", description = "every dead letter")
        boolean all;

        Resend(Streams streams) {
            super(streams);
        }

        @Override
        int run(KioskStore store) throws Main.UsageException {
            if (all == (id != null)) {
                throw new Main.UsageException("sync dead-letter resend needs one application id or --all");
            }
            int n;
            if (all) {
                n = store.deadLetters().resendAll();
            } else if (store.deadLetters().resend(id)) {
                n = 1;
            } else {
                err.println("kiosk: no dead letter " + id + " (./kiosk sync dead-letter lists them)");
                return 1;
            }
            out.println(n + " application(s) back in the send queue: the next sync round sends them"
                    + " (now: ./kiosk sync --once)");
            return 0;
        }
    }

    @Command(name = "export", description = "the whole application, AES-256-GCM encrypted with a passphrase of 12+"
            + " characters (first line of standard input, or F); the file is owner-only")
    static final class Export extends KioskStoreCommand {
        @Parameters(paramLabel = "ID", description = "the application's id")
        String id;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the file to write")
        Path file;

        @Option(names = "--passphrase-file", paramLabel = "F", description = "the passphrase on the first line of F")
        Path passphraseFile;

        Export(Streams streams) {
            super(streams);
        }

        @Override
        int run(KioskStore store) throws Exception {
            if (!store.deadLetters().contains(id)) {
                err.println("kiosk: no dead letter " + id + " (./kiosk sync dead-letter lists them)");
                return 1;
            }
            ApplicationSubmission app = store.applications().pendingApplication(id).orElseThrow();
            char[] passphrase = passphrase(passphraseFile);
            byte[] sealed;
            try {
                sealed = DeadLetterExport.seal(app, passphrase);
            } catch (IllegalArgumentException e) {
                err.println("kiosk: " + e.getMessage());
                return 2;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            Path target = file.toAbsolutePath();
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, sealed);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("exported application " + app.applicationNo() + " to " + target + " (encrypted; it stays a dead"
                    + " letter here). Give the passphrase to the centre by another channel.");
            return 0;
        }
    }

    @Command(name = "open", description = "print an exported application as JSON (needs its passphrase)")
    static final class Open extends CliCommand {
        @Parameters(paramLabel = "FILE", description = "a file written by export")
        Path file;

        @Option(names = "--passphrase-file", paramLabel = "F", description = "the passphrase on the first line of F")
        Path passphraseFile;

        Open(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            char[] passphrase = passphrase(passphraseFile);
            try {
                ApplicationSubmission app = DeadLetterExport.open(bytes, passphrase);
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(app));
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("kiosk: " + e.getMessage());
                return 1;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** The passphrase: the first line of {@code --passphrase-file}, else of standard input. */
    private static char[] passphrase(Path file) throws IOException {
        BufferedReader in = file != null ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? new char[0] : line.strip().toCharArray();
    }
}
