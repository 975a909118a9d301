package org.openkiosk.centre.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests: a fresh cluster made by {@code initdb} in a temporary
 * directory, started by {@code pg_ctl} on a free loopback port when the first test class needs it,
 * stopped and deleted when the test run ends. Needs the Debian package {@code postgresql}
 * ({@code scripts/packages/test-postgres.txt}, installed by {@code scripts/install-system-deps.sh}).
 * As root, the server runs as the {@code postgres} user (PostgreSQL refuses to run as root).
 */
public final class PostgresServer implements BeforeAllCallback {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Cluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Cluster.class, k -> Cluster.start(), Cluster.class);
    }

    /** A new empty database on the server, as a JDBC URL with its user. */
    public static String newDatabase() {
        if (cluster == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(PostgresServer.class)");
        }
        String name = "centre_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"));
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return cluster.url(name);
    }

    static final class Cluster implements ExtensionContext.Store.CloseableResource {
        private final Path bin;
        private final Path dir;
        private final int port;
        private final boolean asPostgresUser;

        private Cluster(Path bin, Path dir, int port, boolean asPostgresUser) {
            this.bin = bin;
            this.dir = dir;
            this.port = port;
            this.asPostgresUser = asPostgresUser;
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=kiosk";
        }

        static Cluster start() {
            try {
                Path bin = binaries();
                boolean root = "root".equals(System.getProperty("user.name"));
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "centre-pg-");
                if (root) {
                    UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                    Files.setOwner(dir, postgres);
                }
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                Cluster c = new Cluster(bin, dir, port, root);
                c.run("initdb", "-D", dir.resolve("data").toString(), "-U", "kiosk", "-A", "trust", "-E", "UTF8",
                        "--no-locale", "--no-sync");
                c.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
                        "start");
                return c;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a PostgreSQL server for the tests: " + e.getMessage(), e);
            }
        }

        private static Path binaries() throws IOException {
            Path root = Path.of("/usr/lib/postgresql");
            if (Files.isDirectory(root)) {
                try (Stream<Path> versions = Files.list(root)) {
                    var found = versions.map(v -> v.resolve("bin"))
                            .filter(b -> Files.isExecutable(b.resolve("initdb")))
                            .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
                                    Comparator.comparingInt(v -> v.matches("\\d+") ? Integer.parseInt(v) : 0)));
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under " + root
                    + ": run scripts/install-system-deps.sh (package postgresql, scripts/packages/test-postgres.txt)");
        }

        private void run(String tool, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            if (asPostgresUser) {
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.add(bin.resolve(tool).toString());
            command.addAll(List.of(args));
            Path log = Files.createTempFile("pg-" + tool + "-", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .directory(Path.of("/tmp").toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(tool + " did not finish within 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + Files.readString(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + tool, e);
            } finally {
                Files.deleteIfExists(log);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
            } finally {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
