import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * Stand-in for `kiosk queue demo` / `kiosk sync status` (issue 6) while those commands are not there:
 * queues synthetic applications through the installed application's own store code, and lists the queue.
 * Run with a JDK's source launcher against the installed jars:
 *   java -cp '/usr/lib/openkiosk/app/kiosk-app.jar:/usr/lib/openkiosk/app/lib/*' SeedQueue.java seed DIR N
 *   java -cp ... SeedQueue.java pending DIR     (one pending application id a line, sorted)
 */
public final class SeedQueue {
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Path.of(args[1]);
        try (KioskStore store = KioskStore.open(dir)) {
            if (args[0].equals("seed")) {
                int n = Integer.parseInt(args[2]);
                for (int i = 0; i < n; i++) {
                    String no = store.nextApplicationNo("K0001", LocalDate.now());
                    store.saveSubmitted(new ApplicationSubmission(UUID.randomUUID().toString(), no, "K0001",
                            "hukou-transfer", "户口迁移", "张三", "110101199003071234",
                            Map.of("address", "北京市东城区", "phone", "13800000000"),
                            List.of(DocumentPayload.of("household-page", "page-" + i + ".jpg", "image/jpeg",
                                    ("page " + i + " " + no).getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                            Instant.now()));
                }
            }
            store.pendingIds().stream().sorted().forEach(System.out::println);
        }
    }
}
