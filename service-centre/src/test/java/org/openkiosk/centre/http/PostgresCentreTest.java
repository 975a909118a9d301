package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.openkiosk.sync.api.UploadStatus;

/**
 * The centre on a real PostgreSQL server: the protocol end to end, two centre instances sharing one database, and
 * the heartbeat history behind the fleet page.
 */
@ExtendWith(PostgresServer.class)
class PostgresCentreTest {

    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CentreServer> centres = new ArrayList<>();

    List<CentreServer> centres() {
        return centres;
    }

    @AfterEach
    void stopCentres() {
        centres.forEach(CentreServer::close);
    }

    private CentreServer start(String jdbcUrl) {
        return start(jdbcUrl, java.time.Clock.systemUTC(), FleetSettings.defaults());
    }

    /** A centre instance on the database (the object-store variant, {@link PostgresS3CentreTest}, adds its S3 store). */
    CentreServer start(String jdbcUrl, java.time.Clock clock, FleetSettings fleet) {
        CentreServer centre = CentreServer.startOnPostgres(jdbcUrl, "127.0.0.1", 0, clock, fleet);
        centres.add(centre);
        return centre;
    }

    @Test
    void twoInstancesOnOneDatabaseSignTheCatalogueWithTheKeyAKioskLearnedAtEitherOfThem() throws Exception {
        String db = PostgresServer.newDatabase();
        CentreServer first = start(db);
        CentreServer second = start(db);
        String code = first.issueEnrolmentCode("K0001").code();
        HttpResponse<String> enrolled = http.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/enrol"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        EnrolmentResponse answer = JSON.readValue(enrolled.body(), EnrolmentResponse.class);
        long version = first.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\"}]}");

        HttpResponse<byte[]> catalogue = http.send(HttpRequest.newBuilder(URI.create(second.baseUrl() + "/api/v1/catalogue"))
                .header("Authorization", "Bearer " + answer.token()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(catalogue.statusCode()).isEqualTo(200);
        assertThat(org.openkiosk.sync.api.ContentSignature.verifies(
                org.openkiosk.sync.api.ContentSignature.publicKey(answer.signingKey()),
                org.openkiosk.sync.api.ContentSignature.catalogueMessage(version, catalogue.body()),
                catalogue.headers().firstValue(org.openkiosk.sync.api.ContentSignature.HEADER).orElse(null))).isTrue();
    }

    @Test
    void kioskUploadsInChunksSubmitsByReferenceAndPullsTheResult() throws Exception {
        CentreServer centre = start(PostgresServer.newDatabase());
        String token = KioskProtocolTest.enrol(centre, http, "K0001");
        byte[] doc = new byte[300_000];
        new Random(11).nextBytes(doc);
        System.arraycopy(KioskProtocolTest.JPEG_MAGIC, 0, doc, 0, KioskProtocolTest.JPEG_MAGIC.length);
        String sha = Digests.sha256Hex(doc);

        assertThat(put(centre, token, sha, doc, 0, 100_000).statusCode()).isEqualTo(200);
        assertThat(put(centre, token, sha, doc, 0, 100_000).statusCode()).isEqualTo(409);
        assertThat(put(centre, token, sha, doc, 100_000, 200_000).statusCode()).isEqualTo(200);
        ApplicationSubmission app = CentreApiTest.application(UUID.randomUUID().toString());
        ApplicationSubmission byRef = new ApplicationSubmission(app.applicationId(), app.applicationNo(), app.kioskId(),
                app.serviceId(), app.serviceName(), app.applicantName(), app.idNumber(), app.fields(),
                List.of(new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, null)), app.submittedAt());

        HttpResponse<String> first = send(centre, token, "POST", "/api/v1/applications", JSON.writeValueAsString(byRef));
        HttpResponse<String> again = send(centre, token, "POST", "/api/v1/applications", JSON.writeValueAsString(byRef));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(again.body(), SubmissionReceipt.class).duplicate()).isTrue();
        assertThat(centre.findApplication(app.applicationId()).orElseThrow().documents().get(0).content()).isEqualTo(doc);
        assertThat(centre.stats().partialUploads()).isZero();
        centre.decide(app.applicationId(), "accepted", null, null, null, null);
        centre.decide(app.applicationId(), "completed", null, "r.pdf", "application/pdf", new byte[] {7});
        ChangesPage changes = JSON.readValue(send(centre, token, "GET", "/api/v1/changes?since=0", null).body(),
                ChangesPage.class);
        assertThat(changes.changes()).extracting(c -> c.status()).containsExactly("received", "accepted", "completed");
        assertThat(changes.changes().get(2).resultSha256()).isEqualTo(Digests.sha256Hex(new byte[] {7}));
        assertThat(send(centre, KioskProtocolTest.enrol(centre, http, "K0002"), "GET",
                "/api/v1/applications/" + app.applicationId(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void twoCentreInstancesOnOneDatabaseStoreConcurrentDuplicatesOnce() throws Exception {
        String url = PostgresServer.newDatabase();
        CentreServer a = start(url);
        CentreServer b = start(url);
        String token = KioskProtocolTest.enrol(a, http, "K0001"); // enrolled at one, valid at both
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                bodies.add(JSON.writeValueAsString(CentreApiTest.application(UUID.randomUUID().toString())));
            }
            List<Future<Integer>> answers = new ArrayList<>();
            for (String body : bodies) {
                for (CentreServer centre : List.of(a, b, a, b)) {
                    answers.add(pool.submit(() -> send(centre, token, "POST", "/api/v1/applications", body).statusCode()));
                }
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }

            assertThat(statuses).containsOnly(201, 200);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(10);
            assertThat(a.applicationCount()).isEqualTo(10);
            assertThat(b.applicationCount()).isEqualTo(10);
            ChangesPage viaB = JSON.readValue(send(b, token, "GET", "/api/v1/changes?since=0", null).body(), ChangesPage.class);
            assertThat(viaB.changes()).hasSize(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void chunksOfOneUploadSentToBothInstancesAtOnceAreStoredOnce() throws Exception {
        String url = PostgresServer.newDatabase();
        CentreServer a = start(url);
        CentreServer b = start(url);
        String token = KioskProtocolTest.enrol(a, http, "K0001");
        byte[] doc = new byte[64_000];
        new Random(5).nextBytes(doc);
        String sha = Digests.sha256Hex(doc);

        // the same first chunk arrives twice at once (a retry racing the original through two instances)
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> viaA = pool.submit(() -> put(a, token, sha, doc, 0, 32_000));
            Future<HttpResponse<String>> viaB = pool.submit(() -> put(b, token, sha, doc, 0, 32_000));
            assertThat(List.of(viaA.get().statusCode(), viaB.get().statusCode())).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> last = put(b, token, sha, doc, 32_000, 32_000);
        assertThat(JSON.readValue(last.body(), UploadStatus.class).complete()).isTrue();
    }

    @Test
    void dataSurvivesARestartOnTheSameDatabase() throws Exception {
        String url = PostgresServer.newDatabase();
        CentreServer first = start(url);
        String token = KioskProtocolTest.enrol(first, http, "K0001");
        String id = UUID.randomUUID().toString();
        send(first, token, "POST", "/api/v1/applications", JSON.writeValueAsString(CentreApiTest.application(id)));
        first.close();
        centres.remove(first);

        CentreServer second = start(url);

        assertThat(second.findApplication(id)).isPresent();
        assertThat(send(second, token, "GET", "/api/v1/applications/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void ratingsAreStoredOnceAcrossInstancesAndSummarisedForStaff() throws Exception {
        String url = PostgresServer.newDatabase();
        CentreServer a = start(url);
        CentreServer b = start(url);
        String token = KioskProtocolTest.enrol(a, http, "K0001");
        String id = UUID.randomUUID().toString();
        send(a, token, "POST", "/api/v1/applications", JSON.writeValueAsString(CentreApiTest.application(id)));
        String rating = JSON.writeValueAsString(new RatingSubmission(UUID.randomUUID().toString(), id, "K0001",
                "hukou-transfer", 1, "排队太久", java.time.Instant.parse("2026-11-23T09:00:00Z")));

        assertThat(send(a, token, "POST", "/api/v1/ratings", rating).statusCode()).isEqualTo(201);
        HttpResponse<String> again = send(b, token, "POST", "/api/v1/ratings", rating);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(again.body(), RatingReceipt.class).duplicate()).isTrue();
        assertThat(send(b, KioskProtocolTest.enrol(b, http, "K0002"), "POST", "/api/v1/ratings",
                rating.replace("K0001", "K0002")).statusCode()).isEqualTo(404);
        assertThat(send(a, token, "POST", "/api/v1/ratings", rating.replace("\"level\":1", "\"level\":9"))
                .statusCode()).isEqualTo(400);

        b.saveStaff("viewer", "correct horse battery".toCharArray(), java.util.EnumSet.of(
                org.openkiosk.centre.core.Role.VIEWER));
        String staff = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"correct horse battery\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        var matters = JSON.readTree(send(b, staff, "GET", "/console/api/ratings", null).body()).get("matters");
        assertThat(matters).hasSize(1);
        assertThat(matters.get(0).get("count").asInt()).isEqualTo(1);
        assertThat(matters.get(0).get("average").asDouble()).isEqualTo(1.0);
        assertThat(matters.get(0).get("poor").get(0).get("reason").asText()).isEqualTo("排队太久");
    }

    @Test
    void heartbeatHistoryFleetHealthChartAndPruningWorkOnPostgres() throws Exception {
        MovableClock clock = new MovableClock(FleetTest.START);
        CentreServer centre = start(PostgresServer.newDatabase(), clock,
                FleetSettings.defaults().withZone(ZoneId.of("Asia/Shanghai")));
        centre.saveStaff("viewer", "correct horse battery".toCharArray(), EnumSet.of(Role.VIEWER));
        String k1 = KioskProtocolTest.enrol(centre, http, "K0001");
        String k2 = KioskProtocolTest.enrol(centre, http, "K0002");
        Map<String, String> down = new LinkedHashMap<>(FleetTest.healthyDevices());
        down.put("printer", "down: no answer");
        down.put("@paper", "out");

        for (int i = 0; i < 3; i++) {
            assertThat(send(centre, k1, "POST", "/api/v1/heartbeat", JSON.writeValueAsString(new Heartbeat(null, i, 1,
                    clock.instant(), null, FleetTest.healthyDevices(), clock.instant()))).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(send(centre, k2, "POST", "/api/v1/heartbeat", JSON.writeValueAsString(new Heartbeat(null, 4, 0,
                null, "centre unavailable", down, clock.instant()))).statusCode()).isEqualTo(200);
        assertThat(send(centre, k2, "POST", "/api/v1/heartbeat", "{\"pending\": -3}").statusCode()).isEqualTo(400);
        clock.advance(Duration.ofMinutes(20)); // K0001's last heartbeat is now 25 minutes old

        assertThat(centre.heartbeatCount()).isEqualTo(4);
        String staff = JSON.readTree(send(centre, null, "POST", "/console/api/login",
                "{\"username\":\"viewer\",\"password\":\"correct horse battery\"}").body()).get("token").asText();
        JsonNode fleet = JSON.readTree(send(centre, staff, "GET", "/console/api/fleet", null).body());
        assertThat(fleet.at("/kiosks/0/state").asText()).isEqualTo("offline");
        assertThat(fleet.at("/kiosks/1/state").asText()).isEqualTo("offline");
        assertThat(fleet.at("/kiosks/1/devices/printer").asText()).isEqualTo("down: no answer");
        assertThat(fleet.at("/kiosks/1/alerts").findValuesAsText("kind")).contains("offline", "device", "paper", "sync");
        JsonNode points = fleet.at("/chart/points");
        assertThat(points.get(46).get("queue").asInt()).isEqualTo(2 + 4); // 10:00-10:30 Shanghai: K0001's 2, K0002's 4
        assertThat(points.get(46).get("availability").asDouble()).isEqualTo(0.5);
        JsonNode k1History = JSON.readTree(send(centre, staff, "GET", "/console/api/fleet/K0001", null).body());
        assertThat(k1History.get("heartbeats").findValuesAsText("pending")).containsExactly("2", "1", "0");
        assertThat(send(centre, staff, "GET", "/console/fleet", null).body()).contains("<svg", "K0002", "已离线");

        clock.advance(Duration.ofDays(31));
        send(centre, k2, "POST", "/api/v1/heartbeat", "{}");
        assertThat(centre.heartbeatCount()).isEqualTo(1);
    }

    private HttpResponse<String> put(CentreServer centre, String token, String sha, byte[] doc, int offset, int size)
            throws Exception {
        byte[] chunk = Arrays.copyOfRange(doc, offset, offset + size);
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/uploads/" + sha + "?offset="
                        + offset + "&length=" + doc.length)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(CentreServer centre, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
