package org.openkiosk.centre.store;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for the tests: a one-node Ceph cluster (monitor, OSD, radosgw) started by the project's
 * {@code scripts/ceph-test-cluster.sh} in a temporary directory when the first test class needs it, stopped and
 * deleted when the test run ends. Each test class takes its own bucket ({@link #newBucket}). Needs the Debian
 * packages of {@code scripts/packages/test-ceph.txt}, installed by {@code scripts/install-system-deps.sh}.
 */
public final class CephServer implements BeforeAllCallback {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static volatile Cluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
    }

    /** Settings for a bucket of its own on the cluster (made by the store on first use). */
    public static S3Settings newBucket() {
        if (cluster == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(CephServer.class)");
        }
        return cluster.settings.withBucket("test-" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid());
    }

    /** The variables of {@code s3.env}: the endpoint and the keys, for a child process's environment. */
    public static Map<String, String> environment() {
        return Map.copyOf(cluster.environment);
    }

    /** Stops the S3 gateway and starts it again (the cluster and its objects stay). */
    public static void restartGateway() {
        cluster.script("restart-gateway", cluster.dir.toString());
    }

    /** {@code scripts/ceph-test-cluster.sh}, found from the module's directory up. */
    static Path scriptFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("scripts/ceph-test-cluster.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("scripts/ceph-test-cluster.sh not found above " + Path.of("").toAbsolutePath());
    }

    static final class Cluster implements ExtensionContext.Store.CloseableResource {
        private final Path dir;
        private S3Settings settings;
        private final Map<String, String> environment = new HashMap<>();

        private Cluster(Path dir) {
            this.dir = dir;
        }

        static Cluster start() {
            try {
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "centre-ceph-");
                Cluster c = new Cluster(dir);
                try {
                    c.script("start", dir.toString());
                    Properties env = new Properties();
                    try (Reader in = Files.newBufferedReader(dir.resolve("s3.env"), StandardCharsets.UTF_8)) {
                        env.load(in);
                    }
                    env.forEach((k, v) -> c.environment.put(k.toString(), v.toString()));
                    c.settings = new S3Settings(java.net.URI.create(env.getProperty("S3_ENDPOINT")),
                            env.getProperty("S3_REGION"), env.getProperty("S3_BUCKET"),
                            env.getProperty("AWS_ACCESS_KEY_ID"), env.getProperty("AWS_SECRET_ACCESS_KEY"));
                    return c;
                } catch (RuntimeException e) {
                    c.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a Ceph cluster for the tests: " + e.getMessage(), e);
            }
        }

        void script(String... args) {
            try {
                Path log = Files.createTempFile("ceph-script-", ".log");
                try {
                    List<String> command = new java.util.ArrayList<>(List.of("bash", scriptFile().toString()));
                    command.addAll(List.of(args));
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                            .start();
                    if (!p.waitFor(180, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException("ceph-test-cluster.sh " + args[0] + " did not finish in 180 s: "
                                + Files.readString(log));
                    }
                    if (p.exitValue() != 0) {
                        throw new IllegalStateException("ceph-test-cluster.sh " + args[0] + " failed (exit "
                                + p.exitValue() + "): " + Files.readString(log));
                    }
                } finally {
                    Files.deleteIfExists(log);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run ceph-test-cluster.sh: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            script("stop", dir.toString());
        }
    }
}
