package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.app.testing.KioskProcesses.freePort;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.testing.KioskProcesses;
import org.openkiosk.app.testing.TcpRelay;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;

/**
 * The fault test of issue 6: applications queued; {@code ./kiosk sync --once} (a child JVM) killed -9 at
 * random points, mostly in the middle of a chunked upload over a slow link; the centre (another child
 * JVM) killed -9 and restarted once; at the end every application is at the centre exactly once with its
 * documents byte-identical, and no upload is left half done.
 */
class SyncKillTest {

    private static final int APPLICATIONS = 6;
    private static final int KILLS = 5;
    private static final long LINK_BYTES_PER_SECOND = 1_000_000;

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;
    @TempDir
    Path logs;

    private final HttpClient http = HttpClient.newHttpClient();
    private KioskProcesses processes;
    private TcpRelay link;
    private String statsToken;

    @BeforeEach
    void children() {
        processes = new KioskProcesses(logs, "-Xmx256m").withEnvironment(childEnvironment());
    }

    @AfterEach
    void stopEverything() throws Exception {
        processes.close();
        if (link != null) {
            link.close();
        }
    }

    @Test
    void syncKilledAtRandomPointsAndCentreKilledStillDeliversEveryApplicationExactlyOnceByteIdentical()
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int centrePort = freePort();
        Process centre = startCentre(centrePort);
        link = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), centrePort, LINK_BYTES_PER_SECOND); // a village line
        String linkUrl = "http://127.0.0.1:" + link.port();

        assertThat(cli("centre", "enrol", "--data", centreDir.toString(), "--kiosk-id", "K0001")).isZero();
        String code = lastLine;
        assertThat(cli("enrol", "--centre", linkUrl, "--code", code, "--data", kioskDir.toString())).isZero();
        assertThat(cli("centre", "enrol", "--data", centreDir.toString(), "--kiosk-id", "STATS")).isZero();
        statsToken = enrolForStats(centrePort, lastLine); // the centre's figures need a token
        assertThat(cli("queue", "demo", "--count", String.valueOf(APPLICATIONS), "--document-kb", "768",
                "--data", kioskDir.toString())).isZero();
        Map<String, ApplicationSubmission> queued;
        try (KioskStore store = KioskStore.open(kioskDir)) {
            queued = store.applications().pending().stream()
                    .collect(Collectors.toMap(ApplicationSubmission::applicationId, Function.identity()));
        }

        int killsMidUpload = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process sync = startSync(kill);
            if (kill % 2 == 0) { // right in the middle of a chunked upload
                awaitPartialUpload(sync, centrePort);
                Thread.sleep(random.nextInt(150));
            } else { // anywhere once the sync is under way
                JsonNode s = stats(centrePort);
                awaitProgress(sync, centrePort, s.path("partialUploadBytes").asLong() + s.path("applications").asLong());
                Thread.sleep(random.nextInt(600));
            }
            if (kill == 2) { // the centre dies too, in the middle of it all, and comes back
                centre.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                centre = startCentre(centrePort);
            }
            if (stats(centrePort).path("partialUploads").asLong() > 0) {
                killsMidUpload++;
            }
            sync.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        }
        Process last = startSync(KILLS);
        assertThat(last.waitFor(90, TimeUnit.SECONDS)).as("the last sync finishes").isTrue();
        assertThat(last.exitValue()).as(Files.readString(logs.resolve("sync-" + KILLS + ".err"))).isZero();
        JsonNode stats = stats(centrePort);
        System.out.printf("sync fault test (seed %d): %d kills of sync --once, %d while an upload was half done,"
                + " centre killed and restarted once; centre stats %s%n", seed, KILLS, killsMidUpload, stats);
        centre.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(killsMidUpload).as("kills that hit a half-done upload").isPositive();

        CentreServer.Parts centreDb = openCentre(centreDir);
        assertThat(centreDb.stats().applications()).isEqualTo(APPLICATIONS);
        assertThat(centreDb.stats().partialUploads()).isZero();
        for (ApplicationSubmission app : queued.values()) {
            ApplicationSubmission atCentre = centreDb.findApplication(app.applicationId()).orElseThrow();
            assertThat(atCentre.applicationNo()).isEqualTo(app.applicationNo());
            assertThat(atCentre.documents()).hasSameSizeAs(app.documents());
            for (int i = 0; i < app.documents().size(); i++) {
                assertThat(atCentre.documents().get(i).content()).as(app.applicationNo() + " document " + i)
                        .isEqualTo(app.documents().get(i).content());
            }
        }
        try (KioskStore store = KioskStore.open(kioskDir)) {
            assertThat(store.applications().figures().pending()).isZero();
            assertThat(store.applications().figures().acknowledged()).isEqualTo(APPLICATIONS);
        }
    }

    private String lastLine;

    private int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        lastLine = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        return code;
    }

    /** Where the centre keeps documents: its data folder here; an S3 store in {@link SyncKillS3Test}. */
    List<String> storeOptions() {
        return List.of();
    }

    /** Variables the child processes need besides this process's (the S3 keys in {@link SyncKillS3Test}). */
    Map<String, String> childEnvironment() {
        return Map.of();
    }

    /** The centre's database and store, opened by this test to check what arrived. */
    CentreServer.Parts openCentre(Path dir) {
        return CentreServer.Parts.open(dir);
    }

    private Process startCentre(int port) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data", centreDir.toString()));
        args.addAll(storeOptions());
        return processes.startCentre("centre", port, args);
    }

    private Process startSync(int n) throws Exception {
        return processes.start("sync-" + n, List.of("sync", "--once", "--data", kioskDir.toString()));
    }

    /** Waits until the centre holds more bytes (partial uploads plus applications) than before, or the sync ended. */
    private void awaitProgress(Process sync, int centrePort, long before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && sync.isAlive()) {
            JsonNode s = stats(centrePort);
            if (s.path("partialUploadBytes").asLong() + s.path("applications").asLong() > before) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the centre holds a half-done upload, or the sync ended. */
    private void awaitPartialUpload(Process sync, int centrePort) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && sync.isAlive()) {
            if (stats(centrePort).path("partialUploads").asLong() > 0) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private String enrolForStats(int port, String code) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/enrol"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).get("token").asText();
    }

    private JsonNode stats(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/stats"))
                        .header("Authorization", "Bearer " + statsToken).build(), HttpResponse.BodyHandlers.ofString());
                return Json.mapper().readTree(r.body());
            } catch (IOException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
