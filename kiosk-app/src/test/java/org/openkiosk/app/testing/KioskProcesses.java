package org.openkiosk.app.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./kiosk} commands run as child JVMs ({@code org.openkiosk.app.cli.Main} on the test's class path), for the
 * tests that kill a process -9 and start it again: the sync, the centre, the instances behind HAProxy. Each child
 * writes {@code NAME.out} and {@code NAME.err} in the log folder; a centre that does not come up fails the test with
 * the end of its log. Closing kills every child still running.
 *
 * <p>Children are compiled by C1 only ({@code -XX:TieredStopAtLevel=1}): on two cores shared with the other test
 * fork, PostgreSQL and Ceph, a centre restarted mid-traffic otherwise spends most of its start in the JIT.
 */
public final class KioskProcesses implements AutoCloseable {

    /** How long a centre may take to answer its health check; generous, the machine is busy when tests restart one. */
    public static final Duration CENTRE_START = Duration.ofMinutes(3);

    private final Path logs;
    private final String heap;
    private final Map<String, String> environment = new HashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Children logging into {@code logs}, each with the Java heap limit {@code heap} (e.g. {@code -Xmx256m}). */
    public KioskProcesses(Path logs, String heap) {
        this.logs = logs;
        this.heap = heap;
    }

    /** Variables every child gets besides this process's (S3 keys: never on a command line). */
    public KioskProcesses withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Starts {@code ./kiosk ARGS} as the child {@code name}, without waiting. */
    public Process start(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.openkiosk.app.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        started.add(p);
        return p;
    }

    /** Starts {@code ./kiosk centre --port PORT ARGS} as the child {@code name} and waits until it is healthy. */
    public Process startCentre(String name, int port, List<String> args) throws Exception {
        Process p = launchCentre(name, port, args);
        awaitHealthy(p, port, name);
        return p;
    }

    /** Starts {@code ./kiosk centre --port PORT ARGS} as the child {@code name}, without waiting. */
    public Process launchCentre(String name, int port, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("centre", "--port", String.valueOf(port)));
        all.addAll(args);
        return start(name, all);
    }

    /** Waits until the centre {@code p} answers its health check on {@code port}; fails with its log if it dies or never does. */
    public void awaitHealthy(Process p, int port, String name) throws Exception {
        long started = System.nanoTime();
        long deadline = started + CENTRE_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("centre " + name + " exited with " + p.exitValue() + "; its log ends:\n"
                        + tail(name));
            }
            if (healthy(port)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("centre " + name + " did not answer its health check on port " + port + " in "
                + CENTRE_START.toSeconds() + " s; its log ends:\n" + tail(name));
    }

    /** Whether a centre answers 200 on {@code /api/v1/health} at {@code port} now. */
    public boolean healthy(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the child {@code name} wrote to its standard error (the log); empty before it wrote anything. */
    public String log(String name) throws IOException {
        Path err = logs.resolve(name + ".err");
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    /** The last 40 lines of the child's log and output, for a failure message. */
    public String tail(String name) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String file : List.of(name + ".err", name + ".out")) {
            Path f = logs.resolve(file);
            if (Files.exists(f)) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                text.append("== ").append(file).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> text.append(l).append('\n'));
            }
        }
        return text.toString();
    }

    /** A TCP port free on the loopback interface now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops every child: TERM, then KILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
