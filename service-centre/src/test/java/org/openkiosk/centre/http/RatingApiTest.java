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
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;

/** {@code POST /api/v1/ratings} on the whole centre with its real database, and what staff see of ratings. */
class RatingApiTest {

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private String kiosk1;
    private String kiosk2;
    private String applicationId;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        kiosk1 = KioskProtocolTest.enrol(centre, http, "K0001");
        kiosk2 = KioskProtocolTest.enrol(centre, http, "K0002");
        applicationId = UUID.randomUUID().toString();
        assertThat(send("POST", "/api/v1/applications", kiosk1,
                json.writeValueAsString(CentreApiTest.application(applicationId))).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    private RatingSubmission rating(int level, String reason) {
        return new RatingSubmission(UUID.randomUUID().toString(), applicationId, "K0001", "hukou-transfer", level,
                reason, Instant.parse("2026-11-23T09:00:00Z"));
    }

    private HttpResponse<String> rate(String token, Object rating) throws Exception {
        return send("POST", "/api/v1/ratings", token, rating instanceof String s ? s : json.writeValueAsString(rating));
    }

    private String error(HttpResponse<String> response) throws Exception {
        return json.readValue(response.body(), ApiError.class).error();
    }

    @Test
    void storesARatingOnceAndAnswersTheSameRatingAgainAsDuplicate() throws Exception {
        RatingSubmission r = rating(2, "窗口指引不清楚");

        HttpResponse<String> first = rate(kiosk1, r);
        HttpResponse<String> again = rate(kiosk1, r);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json.readValue(first.body(), RatingReceipt.class).duplicate()).isFalse();
        assertThat(again.statusCode()).isEqualTo(200);
        RatingReceipt second = json.readValue(again.body(), RatingReceipt.class);
        assertThat(second.duplicate()).isTrue();
        assertThat(second.receivedAt()).isEqualTo(json.readValue(first.body(), RatingReceipt.class).receivedAt());
        String staff = staffToken();
        JsonNode view = json.readTree(send("GET", "/console/api/applications/" + applicationId, staff, null).body());
        assertThat(view.get("ratings")).hasSize(1);
        assertThat(view.get("ratings").get(0).get("level").asInt()).isEqualTo(2);
        assertThat(view.get("ratings").get(0).get("reason").asText()).isEqualTo("窗口指引不清楚");
    }

    @Test
    void aKioskMayRateOnlyItsOwnApplications() throws Exception {
        RatingSubmission asKiosk2 = new RatingSubmission(UUID.randomUUID().toString(), applicationId, "K0002",
                "hukou-transfer", 5, null, Instant.now());

        HttpResponse<String> othersApplication = rate(kiosk2, asKiosk2);
        HttpResponse<String> namingAnotherKiosk = rate(kiosk2, rating(5, null));
        HttpResponse<String> unknown = rate(kiosk1, new RatingSubmission(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "K0001", "hukou-transfer", 5, null, Instant.now()));
        HttpResponse<String> noToken = rate(null, rating(5, null));

        assertThat(othersApplication.statusCode()).isEqualTo(404);
        assertThat(error(othersApplication)).isEqualTo("no application " + applicationId);
        assertThat(namingAnotherKiosk.statusCode()).isEqualTo(403);
        assertThat(error(namingAnotherKiosk)).contains("rating says kiosk K0001 but the credential is kiosk K0002");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(json.readTree(send("GET", "/console/api/ratings", staffToken(), null).body()).get("matters")).isEmpty();
    }

    @Test
    void badRatingsAreRefusedWithTheReasonNeverWithA500() throws Exception {
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(rating(0, "x"), "level must be 1 to 5, not 0");
        cases.put(rating(6, null), "level must be 1 to 5, not 6");
        cases.put(rating(1, " "), "a rating of 1 needs the resident's reason");
        cases.put(rating(2, null), "a rating of 2 needs the resident's reason");
        cases.put(rating(1, "慢".repeat(501)), "reason is over 500 characters");
        cases.put(new RatingSubmission(UUID.randomUUID().toString(), applicationId, "K0001", "pension-enrol", 4, null,
                Instant.now()), "serviceId pension-enrol is not the matter of application " + applicationId);
        cases.put(new RatingSubmission("not-a-uuid", applicationId, "K0001", "hukou-transfer", 4, null, null),
                "ratingId is not a UUID; ratedAt is missing");
        cases.put("{\"ratingId\": ", "malformed JSON");
        cases.put("{\"level\": \"five\"}", "malformed JSON");
        cases.put("null", "no rating in the request body");

        for (Map.Entry<Object, String> c : cases.entrySet()) {
            HttpResponse<String> response = rate(kiosk1, c.getKey());
            assertThat(response.statusCode()).as(c.getValue()).isEqualTo(400);
            assertThat(error(response)).contains(c.getValue());
        }
        HttpResponse<String> oversized = rate(kiosk1, "{\"reason\": \"" + "x".repeat(20_000) + "\"}");
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(error(oversized)).contains("byte limit");
        assertThat(json.readTree(send("GET", "/console/api/applications/" + applicationId, staffToken(), null).body())
                .get("ratings")).isEmpty();
    }

    @Test
    void staffSeeEachMattersCountAverageAndThePoorRatingsWithReasons() throws Exception {
        assertThat(rate(kiosk1, rating(5, null)).statusCode()).isEqualTo(201);
        applicationId = UUID.randomUUID().toString(); // one rating per application: three applications
        assertThat(send("POST", "/api/v1/applications", kiosk1,
                json.writeValueAsString(CentreApiTest.application(applicationId))).statusCode()).isEqualTo(201);
        assertThat(rate(kiosk1, rating(4, "")).statusCode()).isEqualTo(201);
        applicationId = UUID.randomUUID().toString();
        assertThat(send("POST", "/api/v1/applications", kiosk1,
                json.writeValueAsString(CentreApiTest.application(applicationId))).statusCode()).isEqualTo(201);
        assertThat(rate(kiosk1, rating(1, "等了很久")).statusCode()).isEqualTo(201);
        String staff = staffToken();

        JsonNode matters = json.readTree(send("GET", "/console/api/ratings", staff, null).body()).get("matters");
        HttpResponse<String> page = send("GET", "/console/ratings", staff, null);

        assertThat(matters).hasSize(1);
        JsonNode m = matters.get(0);
        assertThat(m.get("serviceId").asText()).isEqualTo("hukou-transfer");
        assertThat(m.get("serviceName").asText()).isEqualTo("户口迁移");
        assertThat(m.get("count").asInt()).isEqualTo(3);
        assertThat(m.get("average").asDouble()).isEqualTo(3.33);
        assertThat(m.get("levels").get("1").asInt()).isEqualTo(1);
        assertThat(m.get("poor")).hasSize(1);
        assertThat(m.get("poor").get(0).get("reason").asText()).isEqualTo("等了很久");
        assertThat(m.get("poor").get(0).get("applicationNo").asText()).isEqualTo("K0001-20261123-0007");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("户口迁移", "3.33", "等了很久");
        assertThat(send("GET", "/console/api/ratings", null, null).statusCode()).isEqualTo(401);
    }

    private String staffToken() throws Exception {
        centre.saveStaff("viewer", "correct horse battery".toCharArray(), EnumSet.of(Role.VIEWER));
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                json.writeValueAsString(Map.of("username", "viewer", "password", "correct horse battery")));
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return org.openkiosk.centre.CentreHttp.send(http, centre, method, path, token, body);
    }
}
