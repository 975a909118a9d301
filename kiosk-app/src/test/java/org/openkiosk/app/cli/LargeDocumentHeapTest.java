package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.app.testing.KioskProcesses.freePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.testing.KioskProcesses;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;

/**
 * A 50 MB document uploaded in chunks to a centre whose Java heap is smaller than the document ({@value #HEAP}):
 * the chunks go to the object store as they arrive, so the centre never holds the document whole (assembling it in
 * memory, as the centre did when chunks were database rows, needs twice its size). On the embedded centre's folder
 * store, and on PostgreSQL with an S3 store (Ceph's radosgw).
 */
@ExtendWith({PostgresServer.class, CephServer.class})
class LargeDocumentHeapTest {

    private static final String HEAP = "-Xmx48m";
    private static final int SIZE = (int) CentreServer.MAX_DOCUMENT_BYTES;

    @TempDir
    Path centreDir;
    @TempDir
    Path logs;

    private final HttpClient http = HttpClient.newHttpClient();
    private KioskProcesses processes;

    @AfterEach
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void aFiftyMegabyteDocumentReachesTheFolderStoreThroughACentreWithASmallerHeap() throws Exception {
        uploadAndCheck("the embedded centre's folder store", List.of("--data", centreDir.toString()), Map.of(),
                () -> CentreServer.Parts.open(centreDir));
    }

    @Test
    void aFiftyMegabyteDocumentReachesTheS3StoreThroughACentreWithASmallerHeap() throws Exception {
        S3Settings s3 = CephServer.newBucket();
        String db = PostgresServer.newDatabase();
        uploadAndCheck("PostgreSQL + S3 (Ceph)",
                List.of("--db", db, "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", s3.bucket()),
                Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()),
                () -> CentreServer.Parts.open(null, db, s3));
    }

    private void uploadAndCheck(String label, List<String> where, Map<String, String> env,
                                java.util.function.Supplier<CentreServer.Parts> open) throws Exception {
        byte[] doc = new byte[SIZE];
        new Random(50).nextBytes(doc);
        byte[] pdf = "%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(pdf, 0, doc, 0, pdf.length);
        String sha = Digests.sha256Hex(doc);
        int port = freePort();
        processes = new KioskProcesses(logs, HEAP).withEnvironment(env);
        Process centre = processes.startCentre("centre", port, where);
        List<String> enrol = new ArrayList<>(List.of("centre", "enrol", "--kiosk-id", "K0001"));
        enrol.addAll(where.subList(0, 2));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertThat(Main.run(enrol.toArray(String[]::new), new java.io.PrintStream(out, true), System.err)).isZero();
        List<String> lines = out.toString().lines().toList();
        HttpResponse<String> enrolled = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/enrol"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + lines.get(lines.size() - 1) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = Json.mapper().readTree(enrolled.body()).get("token").asText();

        long started = System.nanoTime();
        for (int offset = 0; offset < doc.length; offset += Protocol.MAX_CHUNK_BYTES) {
            int end = Math.min(doc.length, offset + Protocol.MAX_CHUNK_BYTES);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/uploads/" + sha
                            + "?offset=" + offset + "&length=" + doc.length)).header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(doc, offset, end))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("chunk at " + offset + ": " + r.body() + "\n" + log()).isEqualTo(200);
        }
        ApplicationSubmission app = new ApplicationSubmission(UUID.randomUUID().toString(), "K0001-20261203-0001",
                "K0001", "hukou-transfer", "户口迁移", "张三", "110101199003071234", Map.of("address", "北京市东城区"),
                List.of(new DocumentPayload("scan", "scan.pdf", "application/pdf", sha, null)), Instant.now());
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/applications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(app))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body() + "\n" + log()).isEqualTo(201);
        System.out.printf("50 MB document in %d chunks of 4 MB through a centre with %s, %s: %d ms%n",
                (doc.length + Protocol.MAX_CHUNK_BYTES - 1) / Protocol.MAX_CHUNK_BYTES, HEAP, label,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(centre.isAlive()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
        centre.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        doc = null; // the read-back below holds the stored copy whole: the test JVM should not hold two (it has
        // the other test classes of its fork in its heap too)
        try (CentreServer.Parts parts = open.get()) {
            byte[] stored = parts.findApplication(app.applicationId()).orElseThrow().documents().get(0).content();
            assertThat(Digests.sha256Hex(stored)).isEqualTo(sha);
        }
    }

    private String log() throws IOException {
        return processes.log("centre");
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }
}
