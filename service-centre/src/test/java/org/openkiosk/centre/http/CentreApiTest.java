package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.SubmissionReceipt;

/** The whole centre (HTTP, core, real SQLite database in a temp dir) on a free port. */
class CentreApiTest {

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private String token;

    @BeforeEach
    void startCentre() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        token = KioskProtocolTest.enrol(centre, http, "K0001");
    }

    @AfterEach
    void stopCentre() {
        centre.close();
    }

    static ApplicationSubmission application(String id) {
        return new ApplicationSubmission(id, "K0001-20261123-0007", "K0001", "hukou-transfer", "户口迁移", "张三",
                "110101199003071234", Map.of("address", "北京市东城区"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, (byte) 0xFE})),
                Instant.parse("2026-11-23T08:15:30Z"));
    }

    @Test
    void storesSubmissionAndAnswersCreatedWithReceipt() throws Exception {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> response = post(json.writeValueAsString(application(id)));

        assertThat(response.statusCode()).isEqualTo(201);
        SubmissionReceipt receipt = json.readValue(response.body(), SubmissionReceipt.class);
        assertThat(receipt.applicationId()).isEqualTo(id);
        assertThat(receipt.applicationNo()).isEqualTo("K0001-20261123-0007");
        assertThat(receipt.status()).isEqualTo("received");
        assertThat(receipt.duplicate()).isFalse();
        assertThat(receipt.receivedAt()).isNotNull();
        assertThat(json.readTree(get("/api/v1/stats").body()).get("applications").asLong()).isEqualTo(1);
        ApplicationSubmission stored = centre.findApplication(id).orElseThrow();
        assertThat(stored.documents().get(0).content()).containsExactly(0xFF, 0xD8, 0xFF, 1, 2, 3, 0xFE);
        assertThat(stored.fields()).containsEntry("address", "北京市东城区");
    }

    @Test
    void resubmissionOfSameIdIsDuplicateAndStoredOnce() throws Exception {
        String body = json.writeValueAsString(application(UUID.randomUUID().toString()));
        SubmissionReceipt first = json.readValue(post(body).body(), SubmissionReceipt.class);

        HttpResponse<String> again = post(body);

        assertThat(again.statusCode()).isEqualTo(200);
        SubmissionReceipt second = json.readValue(again.body(), SubmissionReceipt.class);
        assertThat(second.duplicate()).isTrue();
        assertThat(second.receivedAt()).isEqualTo(first.receivedAt());
        assertThat(centre.applicationCount()).isEqualTo(1);
        assertThat(json.readTree(get("/api/v1/stats").body()).get("applications").asLong()).isEqualTo(1);
    }

    @Test
    void refusesMalformedJsonWithReason() throws Exception {
        HttpResponse<String> response = post("{\"applicationId\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readValue(response.body(), ApiError.class).error()).startsWith("malformed JSON");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void refusesEmptyBody() throws Exception {
        HttpResponse<String> response = post("");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readValue(response.body(), ApiError.class).error()).isNotBlank();
    }

    @Test
    void refusesJsonNullBody() throws Exception {
        HttpResponse<String> response = post("null");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readValue(response.body(), ApiError.class).error()).contains("no application");
    }

    @Test
    void refusesSubmissionWithMissingFieldsNamingThem() throws Exception {
        HttpResponse<String> response = post("{\"applicationId\":\"" + UUID.randomUUID() + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readValue(response.body(), ApiError.class).error())
                .contains("applicationNo is missing", "kioskId is missing", "submittedAt is missing");
    }

    @Test
    void refusesDocumentWithWrongSha256() throws Exception {
        ApplicationSubmission good = application(UUID.randomUUID().toString());
        DocumentPayload doc = good.documents().get(0);
        ApplicationSubmission tampered = new ApplicationSubmission(good.applicationId(), good.applicationNo(),
                good.kioskId(), good.serviceId(), good.serviceName(), good.applicantName(), good.idNumber(),
                good.fields(), List.of(new DocumentPayload(doc.materialId(), doc.fileName(), doc.contentType(),
                        doc.sha256(), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 9, 9, 9})), good.submittedAt());

        HttpResponse<String> response = post(json.writeValueAsString(tampered));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readValue(response.body(), ApiError.class).error())
                .contains("documents[0].sha256 does not match");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void refusesInvalidBase64Content() throws Exception {
        String body = json.writeValueAsString(application(UUID.randomUUID().toString()))
                .replaceFirst("\"content\":\"[^\"]*\"", "\"content\":\"@@not base64@@\"");

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    /**
     * The centre answers 413 from the declared length alone, before the body arrives. A raw socket sends the
     * headers and only the first 64 KB, then reads the answer: a client streaming all 20 MB could meet the
     * connection the server closed after answering and see a broken pipe instead of the status.
     */
    @Test
    void refusesOversizedBodyWith413() throws Exception {
        long declared = CentreServer.MAX_REQUEST_BYTES + 1024;
        URI base = uri("/api/v1/applications");
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/applications HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Length: " + declared + "\r\n"
                    + "Connection: close\r\n\r\n";
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] start = new byte[64 * 1024];
            java.util.Arrays.fill(start, (byte) ' ');
            out.write(start);
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                    .contains("\"error\"").contains("over the " + CentreServer.MAX_REQUEST_BYTES + " byte limit");
        }
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void answersStatusOfStoredApplicationWithoutPersonalData() throws Exception {
        String id = UUID.randomUUID().toString();
        post(json.writeValueAsString(application(id)));

        HttpResponse<String> response = get("/api/v1/applications/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(response.body());
        assertThat(status.get("status").asText()).isEqualTo("received");
        assertThat(status.get("applicationNo").asText()).isEqualTo("K0001-20261123-0007");
        assertThat(status.get("documentCount").asInt()).isEqualTo(1);
        assertThat(response.body()).doesNotContain("110101199003071234");
    }

    @Test
    void answersNotFoundForUnknownApplication() throws Exception {
        HttpResponse<String> response = get("/api/v1/applications/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readValue(response.body(), ApiError.class).error()).startsWith("no application");
    }

    @Test
    void reportsHealthUp() throws Exception {
        HttpResponse<String> response = get("/api/v1/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("up");
    }

    @Test
    void keepsApplicationsAcrossRestart() throws Exception {
        String id = UUID.randomUUID().toString();
        post(json.writeValueAsString(application(id)));
        centre.close();

        centre = CentreServer.start(dataDir, 0);

        assertThat(centre.applicationCount()).isEqualTo(1);
        assertThat(centre.findApplication(id)).isPresent();
    }

    @Test
    void concurrentSubmissionsOfSameIdStoreItOnce() throws Exception {
        String body = json.writeValueAsString(application(UUID.randomUUID().toString()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> post(body)));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get().statusCode());
            }

            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
            assertThat(centre.applicationCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsDatabaseInWalMode() throws Exception {
        post(json.writeValueAsString(application(UUID.randomUUID().toString())));

        byte[] header = java.nio.file.Files.readAllBytes(dataDir.resolve("centre.db"));
        assertThat(header[18]).as("file format write version, 2 = WAL").isEqualTo((byte) 2);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/applications"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(centre.baseUrl() + path);
    }
}
