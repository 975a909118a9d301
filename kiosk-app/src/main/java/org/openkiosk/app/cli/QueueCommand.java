package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.wiring.KioskData;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk queue demo --count N [--document-kb K] [--data DIR] [--centre URL]}: queues N
 * synthetic applications, each with two documents, as if residents had submitted them (for
 * installation checks, sync tests and load tests).
 */
@Command(name = "queue", subcommands = QueueCommand.Demo.class, description = "the kiosk's send queue")
final class QueueCommand {

    @Command(name = "demo", description = "queue N synthetic applications with two documents each (a K KB photo,"
            + " default 64, and a small PDF) for the sync worker")
    static final class Demo extends CliCommand {
        @Option(names = "--count", paramLabel = "N", required = true, description = "how many applications (1-100000)")
        String count;

        @Option(names = "--document-kb", paramLabel = "K", description = "the photo's size in KB (default 64)")
        String documentKb;

        @Mixin
        DataOption data;

        @Mixin
        SyncOptions sync;

        Demo(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            int n = number("--count", count, 1, 100_000);
            int kb = documentKb == null ? 64 : number("--document-kb", documentKb, 1, 20 * 1024);
            KioskConfig config = options.config();
            sync.centreUrl(config, null); // validates --centre; queueing itself needs no centre
            Path dir = data.dataDir(config);
            String kioskId = KioskCredential.load(dir).map(KioskCredential::kioskId).orElse(config.kiosk().id());
            SecureRandom random = new SecureRandom();
            try (KioskData kiosk = KioskRoot.data(config, dir)) {
                KioskStore store = kiosk.store();
                for (int i = 0; i < n; i++) {
                    store.applications().saveSubmitted(synthetic(store, kioskId, kb, random));
                }
                out.println("queued " + n + " demo application(s) for kiosk " + kioskId + " in "
                        + dir.toAbsolutePath() + "; pending: " + store.applications().figures().pending());
            }
            return 0;
        }
    }

    private static ApplicationSubmission synthetic(KioskStore store, String kioskId, int documentKb, SecureRandom random) {
        String applicationNo = store.numbers().nextApplicationNo(kioskId, LocalDate.now(ZoneId.systemDefault()));
        String idNumber = idNumber(random);
        byte[] photo = DemoDocuments.photo(documentKb * 1024, random);
        byte[] pdf = DemoDocuments.form(applicationNo);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("applicant.name", "演示居民" + applicationNo.substring(applicationNo.length() - 4));
        fields.put("applicant.idNumber", idNumber);
        fields.put("phone", "138" + String.format("%08d", random.nextInt(100_000_000)));
        fields.put("note", "synthetic application from ./kiosk queue demo");
        return new ApplicationSubmission(UUID.randomUUID().toString(), applicationNo, kioskId, "demo-certificate",
                "演示事项（证明开具）", fields.get("applicant.name"), idNumber, fields,
                List.of(DocumentPayload.of("photo", "photo.jpg", "image/jpeg", photo),
                        DocumentPayload.of("form", "form.pdf", "application/pdf", pdf)),
                Instant.now());
    }

    /** A well-formed citizen ID number (GB 11643-1999 check character) of a made-up resident. */
    static String idNumber(SecureRandom random) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 50));
        String body = "110101" + birth.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
        return body + IdNumbers.checkChar(body);
    }

    private static int number(String name, String text, int min, int max) throws Main.UsageException {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Main.UsageException(name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }
}
