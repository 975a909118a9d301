package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.HeartbeatAnswer;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.UploadStatus;

/** Enrolment, authentication, chunked uploads, status changes, results, heartbeat and catalogue, over HTTP. */
class KioskProtocolTest {

    @TempDir
    Path dataDir;

    private static final ObjectMapper JSON = Json.mapper();
    /** What every JPEG starts with: the centre accepts a document only as the type its first bytes show. */
    static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private String token;

    @BeforeEach
    void startCentre() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        token = enrol(centre, http, "K0001");
    }

    @AfterEach
    void stopCentre() {
        centre.close();
    }

    /** Issues a code for {@code kioskId} and trades it over HTTP; returns the token. */
    static String enrol(CentreServer centre, HttpClient http, String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/enrol"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        EnrolmentResponse answer = JSON.readValue(response.body(), EnrolmentResponse.class);
        assertThat(answer.kioskId()).isEqualTo(kioskId);
        return answer.token();
    }

    @Test
    void refusesRequestsWithoutOrWithWrongToken() throws Exception {
        HttpResponse<String> none = send("GET", "/api/v1/changes", null, null);
        HttpResponse<String> wrong = send("GET", "/api/v1/changes", "not-a-token", null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readValue(none.body(), ApiError.class).error()).contains("not enrolled");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void enrolmentCodeWorksOnceAndReenrolmentRevokesTheOldToken() throws Exception {
        String code = centre.issueEnrolmentCode("K0002").code();
        HttpResponse<String> first = send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code.toLowerCase() + "\"}");
        HttpResponse<String> again = send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(JSON.readValue(again.body(), ApiError.class).error()).contains("already used");
        String oldToken = JSON.readValue(first.body(), EnrolmentResponse.class).token();
        assertThat(send("GET", "/api/v1/changes", oldToken, null).statusCode()).isEqualTo(200);

        enrol(centre, http, "K0002");

        assertThat(send("GET", "/api/v1/changes", oldToken, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/enrol", null, "{\"code\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/v1/enrol", null, "{nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void kioskSeesOnlyItsOwnApplications() throws Exception {
        String other = enrol(centre, http, "K0002");
        ApplicationSubmission app = CentreApiTest.application(UUID.randomUUID().toString());
        assertThat(send("POST", "/api/v1/applications", token, JSON.writeValueAsString(app)).statusCode()).isEqualTo(201);

        assertThat(send("GET", "/api/v1/applications/" + app.applicationId(), token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/applications/" + app.applicationId(), other, null).statusCode()).isEqualTo(404);
        assertThat(changes(other, 0).changes()).isEmpty();
        assertThat(changes(token, 0).changes()).hasSize(1);
        HttpResponse<String> impostor = send("POST", "/api/v1/applications", other, JSON.writeValueAsString(app));
        assertThat(impostor.statusCode()).isEqualTo(403);
        assertThat(JSON.readValue(impostor.body(), ApiError.class).error()).contains("credential is kiosk K0002");
    }

    @Test
    void documentUploadedInChunksResumesAtTheCentresOffsetAndIsReferencedBySha() throws Exception {
        byte[] doc = new byte[700_000];
        new Random(7).nextBytes(doc);
        System.arraycopy(JPEG_MAGIC, 0, doc, 0, JPEG_MAGIC.length); // a scan as the kiosk's camera makes it
        String sha = Digests.sha256Hex(doc);

        assertThat(upload(sha).received()).isZero();
        assertThat(putChunk(sha, doc, 0, 300_000).statusCode()).isEqualTo(200);
        HttpResponse<String> repeat = putChunk(sha, doc, 0, 300_000); // as if the answer had been lost
        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(JSON.readValue(repeat.body(), UploadStatus.class).received()).isEqualTo(300_000);
        assertThat(centre.stats().partialUploads()).isEqualTo(1);
        assertThat(centre.stats().partialUploadBytes()).isEqualTo(300_000);

        UploadStatus resumed = upload(sha);
        assertThat(putChunk(sha, doc, resumed.received(), 300_000).statusCode()).isEqualTo(200);
        HttpResponse<String> last = putChunk(sha, doc, 600_000, 100_000);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(last.body(), UploadStatus.class).complete()).isTrue();

        ApplicationSubmission app = withDocument(UUID.randomUUID().toString(),
                new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, null));
        assertThat(send("POST", "/api/v1/applications", token, JSON.writeValueAsString(app)).statusCode()).isEqualTo(201);
        assertThat(centre.findApplication(app.applicationId()).orElseThrow().documents().get(0).content())
                .isEqualTo(doc);
        assertThat(centre.stats().partialUploads()).isZero();
    }

    @Test
    void uploadWhoseBytesDoNotMatchItsShaStartsOver() throws Exception {
        byte[] doc = "these are not the bytes you named".getBytes(StandardCharsets.UTF_8);
        String sha = Digests.sha256Hex("something else".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = putChunk(sha, doc, 0, doc.length);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readValue(response.body(), ApiError.class).error()).contains("do not match");
        assertThat(upload(sha).received()).isZero();
    }

    @Test
    void refusesBadUploadRequestsWith4xx() throws Exception {
        byte[] doc = {1, 2, 3};
        String sha = Digests.sha256Hex(doc);
        assertThat(send("GET", "/api/v1/uploads/xyz", token, null).statusCode()).isEqualTo(400);
        assertThat(putRaw("/api/v1/uploads/" + sha + "?offset=0", doc).statusCode()).isEqualTo(400);
        assertThat(putRaw("/api/v1/uploads/" + sha + "?offset=-1&length=3", doc).statusCode()).isEqualTo(400);
        assertThat(putRaw("/api/v1/uploads/" + sha + "?offset=0&length=2", doc).statusCode()).isEqualTo(400);
        assertThat(putRaw("/api/v1/uploads/" + sha + "?offset=0&length=" + (CentreServer.MAX_DOCUMENT_BYTES + 1), doc)
                .statusCode()).isEqualTo(413);
    }

    @Test
    void refusesApplicationReferringToDocumentNeverUploaded() throws Exception {
        String sha = Digests.sha256Hex(new byte[] {42});
        ApplicationSubmission app = withDocument(UUID.randomUUID().toString(),
                new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, null));

        HttpResponse<String> response = send("POST", "/api/v1/applications", token, JSON.writeValueAsString(app));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readValue(response.body(), ApiError.class).error()).contains("has not been uploaded");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void kioskPullsStatusChangesSinceItsCursorAndFetchesTheResult() throws Exception {
        ApplicationSubmission app = CentreApiTest.application(UUID.randomUUID().toString());
        send("POST", "/api/v1/applications", token, JSON.writeValueAsString(app));
        ChangesPage first = changes(token, 0);
        assertThat(first.changes()).extracting(c -> c.status()).containsExactly("received");

        byte[] certificate = "%PDF-1.7 certificate".getBytes(StandardCharsets.UTF_8);
        centre.decide(app.applicationId(), "accepted", null, null, null, null);
        centre.decide(app.applicationId(), "completed", "请到窗口领取原件", "result.pdf", "application/pdf", certificate);

        ChangesPage next = changes(token, first.cursor());
        assertThat(next.changes()).extracting(c -> c.status()).containsExactly("accepted", "completed");
        assertThat(next.changes().get(1).reason()).isEqualTo("请到窗口领取原件");
        assertThat(next.changes().get(1).resultAvailable()).isTrue();
        assertThat(changes(token, next.cursor()).changes()).isEmpty();
        HttpResponse<byte[]> result = http.send(request("GET", "/api/v1/applications/" + app.applicationId() + "/result",
                token, null).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(certificate);
        assertThat(result.headers().firstValue("X-Content-SHA256")).contains(Digests.sha256Hex(certificate));
        assertThat(send("GET", "/api/v1/changes?since=abc", token, null).statusCode()).isEqualTo(400);
    }

    @Test
    void heartbeatIsAnsweredWithCatalogueVersionAndCatalogueIsServedOnlyWhenNewer() throws Exception {
        HttpResponse<String> beat = send("POST", "/api/v1/heartbeat", token,
                "{\"kioskId\":\"K0001\",\"pending\":3,\"devices\":{\"printer\":\"READY\"}}");
        assertThat(beat.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(beat.body(), HeartbeatAnswer.class).catalogueVersion()).isZero();
        assertThat(send("GET", "/api/v1/catalogue", token, null).statusCode()).isEqualTo(404);

        long version = centre.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\"}]}");

        assertThat(JSON.readValue(send("POST", "/api/v1/heartbeat", token, "{}").body(), HeartbeatAnswer.class)
                .catalogueVersion()).isEqualTo(version);
        JsonNode catalogue = JSON.readTree(send("GET", "/api/v1/catalogue", token, null).body());
        assertThat(catalogue.get("version").asLong()).isEqualTo(version);
        assertThat(catalogue.at("/catalogue/services/0/id").asText()).isEqualTo("hukou-transfer");
        assertThat(send("GET", "/api/v1/catalogue?since=" + version, token, null).statusCode()).isEqualTo(304);
        assertThat(send("POST", "/api/v1/heartbeat", token, "{\"kioskId\":\"K0009\"}").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/heartbeat", token, "{oops").statusCode()).isEqualTo(400);
    }

    private static ApplicationSubmission withDocument(String id, DocumentPayload doc) {
        ApplicationSubmission a = CentreApiTest.application(id);
        return new ApplicationSubmission(a.applicationId(), a.applicationNo(), a.kioskId(), a.serviceId(),
                a.serviceName(), a.applicantName(), a.idNumber(), a.fields(), List.of(doc), Instant.now());
    }

    private ChangesPage changes(String token, long since) throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/changes?since=" + since, token, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readValue(response.body(), ChangesPage.class);
    }

    private UploadStatus upload(String sha) throws Exception {
        return JSON.readValue(send("GET", "/api/v1/uploads/" + sha, token, null).body(), UploadStatus.class);
    }

    private HttpResponse<String> putChunk(String sha, byte[] doc, long offset, int size) throws Exception {
        byte[] chunk = Arrays.copyOfRange(doc, (int) offset, (int) offset + size);
        return putRaw("/api/v1/uploads/" + sha + "?offset=" + offset + "&length=" + doc.length, chunk);
    }

    private HttpResponse<String> putRaw(String path, byte[] body) throws Exception {
        return http.send(request("PUT", path, token, null).header("Content-Type", "application/octet-stream")
                .method("PUT", HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return http.send(request(method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

}
