package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.cli.Main;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;

/**
 * Issue 13 item 9, over real HTTP against a running centre: an application the centre refuses for good (here 403:
 * the application names kiosk K0001 while the kiosk was re-enrolled as K0002, a fault only a technician can fix)
 * must not be retried forever nor lost. It becomes a dead letter, kept encrypted; the heartbeat carries the count;
 * the centre's fleet page raises an alert; after the fix a technician re-sends it, or exports it encrypted.
 */
class DeadLetterAttackTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;
    @TempDir
    Path outDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private KioskStore store;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(centreDir, 0);
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        store = KioskStore.open(kioskDir);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        store.close();
        centre.close();
    }

    /** Enrols the kiosk as {@code kioskId}, keeping the credential in the data folder as ./kiosk enrol does. */
    private SyncWorker enrolledAs(String kioskId) throws Exception {
        KioskCredential credential = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode(kioskId).code());
        credential.save(kioskDir);
        return new SyncWorker(store, CentreClient.of(credential, Duration.ofSeconds(5)), scheduler,
                SyncWorker.Settings.defaults(), Map::of);
    }

    @Test
    void refusedApplicationBecomesADeadLetterReportedInTheHeartbeatAlertedOnTheFleetAndResentAfterTheFix()
            throws Exception {
        ApplicationSubmission refused = SampleApplications.application("K0001-20261123-0001"); // says K0001
        store.applications().saveSubmitted(refused);
        SyncWorker worker = enrolledAs("K0002");

        worker.syncOnce();
        worker.syncOnce();

        // today: still in the queue, sent again every round and refused again, for ever
        assertThat(store.applications().pendingIds()).as("a refused application is not retried every round")
                .doesNotContain(refused.applicationId());
        assertThat(centre.findApplication(refused.applicationId())).isEmpty();

        JsonNode list = cliJson("sync", "dead-letter", "--json", "--data", kioskDir.toString());
        assertThat(list.get("count").asInt()).isEqualTo(1);
        JsonNode letter = list.get("deadLetters").get(0);
        assertThat(letter.get("applicationId").asText()).isEqualTo(refused.applicationId());
        assertThat(letter.get("applicationNo").asText()).isEqualTo("K0001-20261123-0001");
        assertThat(letter.get("status").asInt()).isEqualTo(403);
        assertThat(letter.get("reason").asText()).contains("K0001");
        assertThat(letter.toString()).doesNotContain("张三").doesNotContain("110101199003071234");

        // kept encrypted: the personal data is not in the database file in clear
        assertThat(new String(Files.readAllBytes(kioskDir.resolve("kiosk.db")), StandardCharsets.UTF_8)
                + new String(readIfThere(kioskDir.resolve("kiosk.db-wal")), StandardCharsets.UTF_8))
                .doesNotContain("110101199003071234");

        // the heartbeat carries the count and the fleet page raises an alert of its own kind
        String staff = login();
        JsonNode kiosk = fleet(staff).get("kiosks").get(0);
        assertThat(kiosk.get("deadLetters").asInt()).isEqualTo(1);
        assertThat(kiosk.get("alerts").findValuesAsText("kind")).contains("dead-letter");
        assertThat(fleetPage(staff)).contains("1 件申请被中心拒收");

        // nothing is purged before the centre has it, however long it waits
        assertThat(store.retention().purgeExpired(Instant.now().plus(Duration.ofDays(400)), Duration.ZERO)).isZero();

        // the fix: the kiosk is enrolled as the kiosk the application names; the technician re-sends it
        worker = enrolledAs("K0001");
        assertThat(cli("sync", "dead-letter", "resend", refused.applicationId(), "--data", kioskDir.toString()))
                .isZero();
        assertThat(worker.syncOnce()).isEqualTo(1);

        assertThat(centre.findApplication(refused.applicationId())).isPresent();
        assertThat(cliJson("sync", "dead-letter", "--json", "--data", kioskDir.toString()).get("count").asInt())
                .isZero();
        kiosk = fleet(staff).get("kiosks").get(0);
        assertThat(kiosk.get("deadLetters").asInt()).isZero();
        assertThat(kiosk.get("alerts").findValuesAsText("kind")).doesNotContain("dead-letter");
    }

    @Test
    void deadLetterExportIsEncryptedWithTheTechniciansPassphraseAndOpensOnlyWithIt() throws Exception {
        ApplicationSubmission refused = SampleApplications.application("K0001-20261123-0002");
        store.applications().saveSubmitted(refused);
        enrolledAs("K0002").syncOnce();
        Path export = outDir.resolve("dead-letter.okx");
        String passphrase = "tea-kettle-lantern-42";

        assertThat(cliWithInput(passphrase + "\n", "sync", "dead-letter", "export", refused.applicationId(), "--out",
                export.toString(), "--data", kioskDir.toString())).isZero();

        String text = Files.readString(export, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("110101199003071234").doesNotContain("张三")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString("110101199003071234".getBytes()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(export)))
                .isEqualTo("rw-------");

        assertThat(cliWithInput("wrong passphrase here\n", "sync", "dead-letter", "open", export.toString())).isNotZero();
        assertThat(cliWithInput(passphrase + "\n", "sync", "dead-letter", "open", export.toString())).isZero();
        JsonNode opened = json.readTree(lastOut);
        assertThat(opened.get("applicationId").asText()).isEqualTo(refused.applicationId());
        assertThat(opened.get("idNumber").asText()).isEqualTo("110101199003071234");
        assertThat(opened.get("documents")).hasSize(2);
        // still a dead letter on the kiosk: exporting is not resending
        assertThat(cliJson("sync", "dead-letter", "--json", "--data", kioskDir.toString()).get("count").asInt())
                .isEqualTo(1);
    }

    @Test
    void aRefusedCredentialIsNoDeadLetterTheApplicationWaitsForTheNewEnrolment() throws Exception {
        ApplicationSubmission app = SampleApplications.application("K0001-20261123-0003");
        store.applications().saveSubmitted(app);
        enrolledAs("K0001");
        SyncWorker revoked = new SyncWorker(store, new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5),
                "tok_not-a-token-this-centre-issued"), scheduler, SyncWorker.Settings.defaults(), Map::of);

        revoked.syncOnce(); // 401: enrol again; resending with a new credential fixes it

        assertThat(store.applications().pendingIds()).containsExactly(app.applicationId());
        assertThat(store.deadLetters().count()).isZero();
        assertThat(enrolledAs("K0001").syncOnce()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private String lastOut = "";
    private String lastErr = "";

    private int cli(String... args) {
        return cliWithInput("", args);
    }

    private int cliWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            lastOut = out.toString(StandardCharsets.UTF_8);
            lastErr = err.toString(StandardCharsets.UTF_8);
            return code;
        } finally {
            System.setIn(before);
        }
    }

    private JsonNode cliJson(String... args) throws Exception {
        assertThat(cli(args)).as("./kiosk %s: %s", String.join(" ", args), lastErr).isZero();
        return json.readTree(lastOut);
    }

    private static byte[] readIfThere(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private JsonNode fleet(String staff) throws Exception {
        HttpResponse<String> r = get("/console/api/fleet", staff);
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String fleetPage(String staff) throws Exception {
        HttpResponse<String> r = get("/console/fleet", staff);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, String staff) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .header("Authorization", "Bearer " + staff).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }
}
