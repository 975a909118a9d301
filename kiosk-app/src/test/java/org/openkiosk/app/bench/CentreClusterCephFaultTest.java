package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * Issue 15's fault test: two centre instances (child JVMs, {@code ./kiosk centre --db ... --s3-endpoint ...}) on one
 * PostgreSQL with the documents in Ceph's S3 gateway, behind HAProxy started by {@code scripts/centre-cluster.sh}; a
 * fleet of simulated kiosks ({@link FleetBench}) sends through the proxy while one instance is killed -9 and started
 * again and the object store's daemon (radosgw) is restarted. At the end every application the kiosks made is at the
 * centre exactly once, every document read back from the object store is the SHA-256 its kiosk sent, and the
 * generator counts no error.
 */
@ExtendWith({PostgresServer.class, CephServer.class})
class CentreClusterCephFaultTest {

    /** Ten kiosks of 6 applications with 2-3 documents of 300 KB (two chunks each) in 15 s: 60 applications. */
    private static final int KIOSKS = 10;
    private static final Path SCRIPT = Path.of("..", "scripts", "centre-cluster.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final List<Process> centres = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private S3Settings s3;

    @AfterEach
    void stop() throws Exception {
        script("stop", "--dir", dir.toString());
        for (Process p : centres) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void kiosksLoseNothingWhenAnInstanceIsKilledAndTheObjectStoreRestartsMidTraffic() throws Exception {
        String db = PostgresServer.newDatabase();
        s3 = CephServer.newBucket();
        try (CentreServer.Parts migrated = CentreServer.Parts.open(null, db, s3)) {
            assertThat(migrated.stats().applications()).isZero(); // schema and bucket made once, before the race
        }
        int[] ports = {freePort(), freePort(), freePort()};
        Process first = launchCentre(db, ports[1], "a");
        awaitHealthy(launchCentre(db, ports[2], "b"), ports[2], "b"); // both JVMs start at once
        awaitHealthy(first, ports[1], "a");
        script("start", "--dir", dir.toString(), "--port", String.valueOf(ports[0]), "--backends",
                "127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2]);
        String proxy = "http://127.0.0.1:" + ports[0];

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CompletableFuture<FleetBench.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return FleetBench.run(new FleetBench.Options(URI.create(proxy), null, db, KIOSKS, 0.25, 300, List.of(),
                        16, 11).withS3(s3), new PrintStream(text, true, StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitWhileRunning(run, 4);
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, requests cut off mid-body
        long t0 = System.nanoTime();
        CephServer.restartGateway(); // radosgw stopped (TERM) and started again while instance b takes everything
        long gatewayMs = (System.nanoTime() - t0) / 1_000_000;
        awaitHealthy(launchCentre(db, ports[1], "a-again"), ports[1], "a-again");

        FleetBench.Outcome outcome = run.get(5, TimeUnit.MINUTES);
        String report = text.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("radosgw restart took " + gatewayMs + " ms");
        String logs = keepLogs();
        long storeFailures = logs.lines().filter(l -> l.contains("failed in the object store")).count();
        List<String> internal = logs.lines()
                .filter(l -> l.matches(".*ERROR org\\.openkiosk\\.centre\\.http\\.HttpApi - \\S+ \\S+ failed$")).toList();
        System.out.println("centre answers 503 for the object store " + storeFailures + " time(s), 500 " + internal.size()
                + " time(s)");
        assertThat(internal).as("requests the centre answered 500 (internal error) instead of 503 (logs in"
                + " target/centre-cluster-ceph-fault)").isEmpty();

        assertThat(outcome.made()).isEqualTo((long) KIOSKS * FleetBench.APPLICATIONS_PER_PEAK_HOUR);
        assertThat(report).contains("errors 0");
        assertThat(outcome.errors()).isZero();
        assertThat(outcome.acknowledged()).isEqualTo(outcome.made());
        assertThat(outcome.landed()).isEqualTo(outcome.made());
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT application_id) FROM applications"
                     + " WHERE kiosk_id LIKE 'BENCH-%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("applications at the centre").isEqualTo(outcome.made());
            assertThat(rs.getLong(2)).isEqualTo(outcome.made());
        }
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(length(content)), 0), COUNT(*) - COUNT(object_key)"
                     + " FROM documents")) {
            rs.next();
            assertThat(rs.getLong(1)).as("document bytes kept in the database, not the store").isZero();
            assertThat(rs.getLong(2)).as("documents without an object key").isZero();
        }
        assertThat(outcome.documentsSent().keySet()).containsExactlyInAnyOrderElementsOf(outcome.applicationIds());
        try (CentreServer.Parts centre = CentreServer.Parts.open(null, db, s3)) { // reads go to the object store
            for (String id : outcome.applicationIds()) {
                ApplicationSubmission app = centre.findApplication(id).orElseThrow();
                List<String> read = new ArrayList<>();
                for (DocumentPayload d : app.documents()) {
                    assertThat(d.content()).as("document of " + id).hasSize(300 * 1024);
                    read.add(Digests.sha256Hex(d.content()));
                }
                assertThat(read).as("documents of " + id + " as read back from the object store")
                        .containsExactlyElementsOf(outcome.documentsSent().get(id));
            }
        }
    }

    /** The instances' logs copied to target/centre-cluster-ceph-fault (the temporary folder goes); their text. */
    private String keepLogs() throws IOException {
        Path kept = Path.of("target", "centre-cluster-ceph-fault");
        Files.createDirectories(kept);
        StringBuilder all = new StringBuilder();
        try (var logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                all.append(Files.readString(log, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    private static void waitWhileRunning(CompletableFuture<?> run, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); // enrolment done, applications flowing
        while (System.nanoTime() < until && !run.isDone()) {
            Thread.sleep(50);
        }
    }

    private Process launchCentre(String db, int port, String name) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "org.openkiosk.app.cli.Main", "centre", "--port",
                String.valueOf(port), "--db", db, "--trusted-proxy", "127.0.0.1",
                "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", s3.bucket());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("centre-" + name + ".log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", s3.accessKey()); // keys never on a command line
        builder.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        Process p = builder.start();
        centres.add(p);
        return p;
    }

    private void awaitHealthy(Process p, int port, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("centre " + name + " runs (see its log)").isTrue();
            if (healthy(port)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("centre " + name + " did not come up on port " + port);
    }

    private boolean healthy(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("script.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.exists(log) ? Files.readString(log) : "").isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
