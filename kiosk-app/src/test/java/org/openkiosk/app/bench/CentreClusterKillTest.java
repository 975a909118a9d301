package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.app.testing.KioskProcesses.freePort;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * Issue 15: two centre instances (child JVMs, {@code ./kiosk centre --db}) on one PostgreSQL behind HAProxy started
 * by {@code scripts/centre-cluster.sh}; a fleet of simulated kiosks ({@link FleetBench}) sends through the proxy while
 * one instance is killed -9 mid-traffic and started again. At the end every application the kiosks made is at the
 * centre exactly once with its documents byte-identical, and the generator counts no error.
 */
@ExtendWith(PostgresServer.class)
class CentreClusterKillTest {

    @TempDir
    Path dir;

    @Test
    void kiosksBehindHaproxyLoseNothingWhenAnInstanceIsKilledMidTraffic() throws Exception {
        String db = PostgresServer.newDatabase();
        try (CentreServer.Parts migrated = CentreServer.Parts.postgres(db)) {
            assertThat(migrated.stats().applications()).isZero(); // the schema made once, before the instances race
        }
        int[] ports = {freePort(), freePort(), freePort()};
        try (CentreCluster cluster = new CentreCluster(dir, "centre-cluster-kill", db, List.of(), Map.of())) {
            Process first = cluster.start("a", ports[1]);
            cluster.start("b", ports[2]);
            String proxy = cluster.proxy(ports[0], ports[1], ports[2]);
            sendKillingInstanceA(cluster, first, ports[1], db, proxy);
        }
    }

    /** The fleet through the proxy; instance a ({@code first}, on {@code port}) killed -9 mid-traffic and started again. */
    private void sendKillingInstanceA(CentreCluster cluster, Process first, int port, String db, String proxy) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CompletableFuture<FleetBench.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return FleetBench.run(new FleetBench.Options(URI.create(proxy), null, db, 20, 0.4, 300, List.of(), 16, 7),
                        new PrintStream(text, true, StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(8); // enrolment done, applications flowing
        while (System.nanoTime() < killAt && !run.isDone()) {
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, requests cut off mid-body
        Thread.sleep(3_000);
        cluster.start("a-again", port);

        FleetBench.Outcome outcome = run.get(5, TimeUnit.MINUTES);
        String report = text.toString(StandardCharsets.UTF_8);
        System.out.print(report);

        assertThat(outcome.made()).isEqualTo(20L * FleetBench.APPLICATIONS_PER_PEAK_HOUR);
        assertThat(outcome.errors()).isZero();
        assertThat(report).contains("errors 0");
        assertThat(outcome.acknowledged()).isEqualTo(outcome.made());
        assertThat(outcome.landed()).isEqualTo(outcome.made());
        cluster.assertEachApplicationOnce(outcome);
        try (CentreServer.Parts centre = CentreServer.Parts.postgres(db)) {
            for (String id : outcome.applicationIds()) {
                ApplicationSubmission app = centre.findApplication(id).orElseThrow();
                assertThat(app.documents()).hasSizeBetween(2, 3);
                for (DocumentPayload d : app.documents()) {
                    assertThat(Digests.sha256Hex(d.content())).as("document of " + id).isEqualTo(d.sha256());
                    assertThat(d.content()).hasSize(300 * 1024);
                }
            }
        }
    }
}
