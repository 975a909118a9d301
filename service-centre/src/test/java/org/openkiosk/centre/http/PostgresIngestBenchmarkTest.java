package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.CentreDatabase;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;

/**
 * Benchmark (prints figures, asserts only correctness): centre ingest over HTTP on PostgreSQL with
 * many simulated kiosks, each sending its applications one after another, beside a plain JDBC batch
 * insert of the same rows into the same tables on the same server.
 */
@ExtendWith(PostgresServer.class)
class PostgresIngestBenchmarkTest {

    private static final int KIOSKS = 8;
    private static final int PER_KIOSK = 50;
    private static final int DOCUMENT_BYTES = 4096;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void printsIngestThroughputAndP99BesideAPlainJdbcBatchInsert() throws Exception {
        List<List<ApplicationSubmission>> perKiosk = new ArrayList<>();
        Random random = new Random(1);
        for (int k = 0; k < KIOSKS; k++) {
            List<ApplicationSubmission> apps = new ArrayList<>();
            for (int i = 0; i < PER_KIOSK; i++) {
                byte[] doc = new byte[DOCUMENT_BYTES];
                random.nextBytes(doc);
                System.arraycopy(KioskProtocolTest.JPEG_MAGIC, 0, doc, 0, KioskProtocolTest.JPEG_MAGIC.length);
                apps.add(new ApplicationSubmission(UUID.randomUUID().toString(), String.format("B%03d-20261123-%04d", k, i),
                        String.format("B%03d", k), "hukou-transfer", "户口迁移", "张三", "110101199003071234",
                        Map.of("address", "北京市东城区"), List.of(DocumentPayload.of("scan", "scan.jpg", "image/jpeg", doc)),
                        Instant.parse("2026-11-23T08:00:00Z")));
            }
            perKiosk.add(apps);
        }

        // the centre, over HTTP, one thread per kiosk
        double centrePerSecond;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (CentreServer centre = CentreServer.startOnPostgres(PostgresServer.newDatabase(), "127.0.0.1", 0)) {
            List<String> tokens = new ArrayList<>();
            for (int k = 0; k < KIOSKS; k++) {
                tokens.add(KioskProtocolTest.enrol(centre, http, String.format("B%03d", k)));
            }
            String warmToken = KioskProtocolTest.enrol(centre, http, "K0001");
            for (int i = 0; i < 30; i++) { // warm-up: JIT, pool, plans
                post(centre, warmToken, json.writeValueAsString(CentreApiTest.application(UUID.randomUUID().toString())));
            }
            ExecutorService pool = Executors.newFixedThreadPool(KIOSKS);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < KIOSKS; k++) {
                int kiosk = k;
                done.add(pool.submit(() -> {
                    for (ApplicationSubmission app : perKiosk.get(kiosk)) {
                        long t0 = System.nanoTime();
                        int status = post(centre, tokens.get(kiosk), json.writeValueAsString(app));
                        latencies.add(System.nanoTime() - t0);
                        if (status != 201) {
                            throw new AssertionError("HTTP " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long elapsed = System.nanoTime() - start;
            pool.shutdown();
            centrePerSecond = KIOSKS * PER_KIOSK / (elapsed / 1e9);
            assertThat(centre.applicationCount()).isEqualTo(KIOSKS * PER_KIOSK + 30);
        }
        Collections.sort(latencies);
        double p50 = latencies.get(latencies.size() / 2) / 1e6;
        double p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6;

        // the same rows by plain JDBC batch insert, one transaction, into the same schema on the same server
        String url = PostgresServer.newDatabase();
        try (CentreDatabase schema = CentreDatabase.postgres(url)) {
            // Flyway made the tables
        }
        double jdbcPerSecond;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement apps = c.prepareStatement("""
                    INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                        applicant_name, id_number, fields_json, submitted_at, received_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received')""");
                 PreparedStatement docs = c.prepareStatement("""
                    INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content)
                    VALUES (?, 0, ?, ?, ?, ?, ?)""")) {
                String now = Instant.now().toString();
                for (List<ApplicationSubmission> list : perKiosk) {
                    for (ApplicationSubmission a : list) {
                        apps.setString(1, a.applicationId());
                        apps.setString(2, a.applicationNo());
                        apps.setString(3, a.kioskId());
                        apps.setString(4, a.serviceId());
                        apps.setString(5, a.serviceName());
                        apps.setString(6, a.applicantName());
                        apps.setString(7, a.idNumber());
                        apps.setString(8, json.writeValueAsString(a.fields()));
                        apps.setString(9, a.submittedAt().toString());
                        apps.setString(10, now);
                        apps.addBatch();
                        DocumentPayload d = a.documents().get(0);
                        docs.setString(1, a.applicationId());
                        docs.setString(2, d.materialId());
                        docs.setString(3, d.fileName());
                        docs.setString(4, d.contentType());
                        docs.setString(5, d.sha256());
                        docs.setBytes(6, d.content());
                        docs.addBatch();
                    }
                }
                apps.executeBatch();
                docs.executeBatch();
            }
            c.commit();
            jdbcPerSecond = KIOSKS * PER_KIOSK / ((System.nanoTime() - start) / 1e9);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM applications")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(KIOSKS * PER_KIOSK);
            }
        }

        System.out.printf("centre ingest on PostgreSQL: %d kiosks x %d applications (one %d-byte document each)%n"
                        + "  centre over HTTP:   %8.0f applications/s, latency p50 %.1f ms, p99 %.1f ms%n"
                        + "  plain JDBC batch:   %8.0f applications/s (one transaction, no HTTP, no checks)%n"
                        + "  ratio JDBC/centre:  %8.1f%n",
                KIOSKS, PER_KIOSK, DOCUMENT_BYTES, centrePerSecond, p50, p99, jdbcPerSecond, jdbcPerSecond / centrePerSecond);
    }

    private int post(CentreServer centre, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/applications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
