package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.sync.api.Digests;

/**
 * {@code ./kiosk centre migrate-documents}: the documents and results an older centre kept in its database move to
 * the object store. Killed -9 half way, run again, it finishes: every document read back byte-identical from the
 * store, no bytes left in the database.
 */
@ExtendWith({PostgresServer.class, CephServer.class})
class MigrateDocumentsCommandTest {

    private static final int APPLICATIONS = 400;

    @TempDir
    Path dataDir;

    @Test
    void movesAPostgresCentresDocumentsToS3AndCarriesOnAfterBeingKilled() throws Exception {
        String db = PostgresServer.newDatabase();
        S3Settings s3 = CephServer.newBucket();
        CentreServer.Parts.postgres(db).close(); // the schema
        Map<String, byte[]> documents;
        try (Connection c = DriverManager.getConnection(db)) {
            documents = olderCentresRows(c);
        }
        List<String> args = List.of("centre", "migrate-documents", "--db", db, "--s3-endpoint", s3.endpoint().toString(),
                "--s3-bucket", s3.bucket());
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());

        Process first = java(args, keys);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("moved 100 of")) {
                // wait until it is well under way
            }
            assertThat(line).as("progress from the first run").isNotNull();
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL in the middle
        long leftAfterKill = count(db, "SELECT count(*) FROM documents WHERE object_key IS NULL");
        assertThat(leftAfterKill).as("documents left by the killed run").isBetween(1L, (long) APPLICATIONS - 100);

        Process second = java(args, keys);
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        System.out.println("migrate-documents after a kill -9 with " + leftAfterKill + " documents left: "
                + lines.get(lines.size() - 1));
        assertThat(lines.get(lines.size() - 1)).contains("moved " + leftAfterKill + " document(s)")
                .endsWith("left in the database: 0 document(s), 0 result(s)");

        assertThat(count(db, "SELECT count(*) FROM documents WHERE object_key IS NULL OR length(content) > 0")).isZero();
        assertThat(count(db, "SELECT count(*) FROM results WHERE object_key IS NULL OR length(content) > 0")).isZero();
        try (CentreServer.Parts centre = CentreServer.Parts.open(null, db, s3)) {
            for (Map.Entry<String, byte[]> e : documents.entrySet()) {
                assertThat(centre.findApplication(e.getKey()).orElseThrow().documents().get(0).content())
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void movesTheEmbeddedCentresDocumentsToItsFolderAndLeavesARowWhoseBytesAreNotWhatItSays() throws Exception {
        CentreServer.Parts.open(dataDir).close();
        String url = "jdbc:sqlite:" + dataDir.resolve("centre.db");
        Map<String, byte[]> documents;
        try (Connection c = DriverManager.getConnection(url)) {
            documents = olderCentresRows(c);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE documents SET sha256 = '" + "ab".repeat(32) + "' WHERE application_id = 'app-7'");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"centre", "migrate-documents", "--data", dataDir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as("a row left behind").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not moved: document 0 of application app-7");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("left in the database: 1 document(s), 0 result(s)");
        try (CentreServer.Parts centre = CentreServer.Parts.open(dataDir)) {
            for (Map.Entry<String, byte[]> e : documents.entrySet()) {
                assertThat(centre.findApplication(e.getKey()).orElseThrow().documents().get(0).content())
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(dataDir.resolve("objects/sha256")).isDirectory();
    }

    /** Applications with one document each (some the same bytes) and a result for every tenth, bytes in the rows. */
    private static Map<String, byte[]> olderCentresRows(Connection c) throws Exception {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        c.setAutoCommit(false);
        try (PreparedStatement app = c.prepareStatement("""
                INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                    applicant_name, id_number, fields_json, submitted_at, received_at, status)
                VALUES (?, ?, 'K0001', 'hukou-transfer', '户口迁移', '张三', '110101199003071234', '{}', ?, ?, 'received')""");
             PreparedStatement doc = c.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content)
                VALUES (?, 0, 'scan', 'scan.jpg', 'image/jpeg', ?, ?)""");
             PreparedStatement result = c.prepareStatement("""
                INSERT INTO results (application_id, file_name, content_type, sha256, content, issued_at)
                VALUES (?, 'r.pdf', 'application/pdf', ?, ?, ?)""")) {
            String now = Instant.now().toString();
            for (int i = 0; i < APPLICATIONS; i++) {
                String id = "app-" + i;
                byte[] bytes = new byte[100_000 + i];
                new Random(i % 350).nextBytes(bytes); // a few documents the same bytes (sent again): stored once
                if (i >= 350) {
                    bytes = documents.get("app-" + (i - 350)).clone();
                }
                documents.put(id, bytes);
                app.setString(1, id);
                app.setString(2, "K0001-20261203-" + i);
                app.setString(3, now);
                app.setString(4, now);
                app.executeUpdate();
                doc.setString(1, id);
                doc.setString(2, Digests.sha256Hex(bytes));
                doc.setBytes(3, bytes);
                doc.executeUpdate();
                if (i % 10 == 0) {
                    byte[] pdf = ("%PDF-1.4 result " + i).getBytes(StandardCharsets.US_ASCII);
                    result.setString(1, id);
                    result.setString(2, Digests.sha256Hex(pdf));
                    result.setBytes(3, pdf);
                    result.setString(4, now);
                    result.executeUpdate();
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return documents;
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Process java(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.openkiosk.app.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(java.nio.file.Files.createTempFile("migrate-documents-", ".err").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
