package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.app.testing.KioskProcesses.freePort;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @TempDir
    Path dir;

    @Test
    void kiosksLoseNothingWhenAnInstanceIsKilledAndTheObjectStoreRestartsMidTraffic() throws Exception {
        String db = PostgresServer.newDatabase();
        S3Settings s3 = CephServer.newBucket();
        try (CentreServer.Parts migrated = CentreServer.Parts.open(null, db, s3)) {
            assertThat(migrated.stats().applications()).isZero(); // schema and bucket made once, before the race
        }
        int[] ports = {freePort(), freePort(), freePort()};
        try (CentreCluster cluster = new CentreCluster(dir, "centre-cluster-ceph-fault", db,
                List.of("--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", s3.bucket()),
                Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()))) {
            Process first = cluster.launch("a", ports[1]);
            cluster.start("b", ports[2]); // both JVMs start at once
            cluster.awaitHealthy(first, ports[1], "a");
            sendKillingInstanceAAndRestartingTheGateway(cluster, first, ports[1], db, s3,
                    cluster.proxy(ports[0], ports[1], ports[2]));
        }
    }

    /**
     * The fleet through the proxy; instance a ({@code first}, on {@code port}) killed -9 mid-traffic and the object
     * store's gateway restarted, then a started again.
     */
    private void sendKillingInstanceAAndRestartingTheGateway(CentreCluster cluster, Process first, int port, String db,
                                                             S3Settings s3, String proxy) throws Exception {
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
        cluster.start("a-again", port);

        FleetBench.Outcome outcome = run.get(5, TimeUnit.MINUTES);
        String report = text.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("radosgw restart took " + gatewayMs + " ms");
        String logs = cluster.logs();
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
        cluster.assertEachApplicationOnce(outcome);
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

    private static void waitWhileRunning(CompletableFuture<?> run, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); // enrolment done, applications flowing
        while (System.nanoTime() < until && !run.isDone()) {
            Thread.sleep(50);
        }
    }
}
