package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openkiosk.app.testing.KioskProcesses;

/**
 * Centre instances (child JVMs, {@code ./kiosk centre --db ... --trusted-proxy 127.0.0.1}) behind HAProxy started by
 * {@code scripts/centre-cluster.sh}, for the tests of issue 15. Closing stops the proxy and the instances and keeps
 * their logs in {@code target/NAME} (the temporary folder goes).
 */
final class CentreCluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "scripts", "centre-cluster.sh").toAbsolutePath().normalize();

    private final Path dir;
    private final String name;
    private final String db;
    private final List<String> options;
    private final KioskProcesses processes;

    /**
     * Instances on the database {@code db} with the extra centre options {@code options} (the object store's) and
     * environment {@code environment} (its keys), working and logging in {@code dir}; logs kept in target/{@code name}.
     */
    CentreCluster(Path dir, String name, String db, List<String> options, Map<String, String> environment) {
        this.dir = dir;
        this.name = name;
        this.db = db;
        List<String> all = new ArrayList<>(List.of("--db", db, "--trusted-proxy", "127.0.0.1"));
        all.addAll(options);
        this.options = List.copyOf(all);
        this.processes = new KioskProcesses(dir, "-Xmx384m").withEnvironment(environment);
    }

    /** Starts the instance {@code instance} on {@code port} without waiting for it. */
    Process launch(String instance, int port) throws IOException {
        return processes.launchCentre("centre-" + instance, port, options);
    }

    /** Waits until the instance answers its health check (fails with its log otherwise). */
    void awaitHealthy(Process p, int port, String instance) throws Exception {
        processes.awaitHealthy(p, port, "centre-" + instance);
    }

    /** Starts the instance {@code instance} on {@code port} and waits until it is healthy. */
    Process start(String instance, int port) throws Exception {
        Process p = launch(instance, port);
        awaitHealthy(p, port, instance);
        return p;
    }

    /** Starts HAProxy on {@code port} in front of the instances on {@code backends}; returns its URL. */
    String proxy(int port, int... backends) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int b : backends) {
            list.append(list.isEmpty() ? "" : ",").append("127.0.0.1:").append(b);
        }
        script("start", "--dir", dir.toString(), "--port", String.valueOf(port), "--backends", list.toString());
        return "http://127.0.0.1:" + port;
    }

    /** Every instance's log so far, one after the other. */
    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var logs = Files.newDirectoryStream(dir, "centre-*.err")) {
            for (Path log : logs) {
                all.append(Files.readString(log, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    /** Every application the fleet made is at the centre exactly once, and no other. */
    void assertEachApplicationOnce(FleetBench.Outcome outcome) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT application_id) FROM applications"
                     + " WHERE kiosk_id LIKE 'BENCH-%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("applications at the centre").isEqualTo(outcome.made());
            assertThat(rs.getLong(2)).as("distinct applications at the centre").isEqualTo(outcome.made());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            script("stop", "--dir", dir.toString());
        } finally {
            processes.close();
            Path kept = Path.of("target", name);
            Files.createDirectories(kept);
            try (var logs = Files.newDirectoryStream(dir, "*.{err,out,log}")) {
                for (Path log : logs) {
                    Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path log = dir.resolve("script.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("scripts/centre-cluster.sh " + args[0] + " finishes").isTrue();
        assertThat(p.exitValue()).as(Files.exists(log) ? Files.readString(log) : "").isZero();
    }
}
