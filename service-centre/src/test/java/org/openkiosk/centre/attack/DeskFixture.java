package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;

/**
 * What the desk attack tests do over HTTP against a running centre: enrol a kiosk, submit an application as it
 * would, log staff in and call the console's JSON API.
 */
final class DeskFixture {

    static final String PASSWORD = "correct horse battery";
    /** A JPEG's first bytes, so the scan passes a check of its magic bytes. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

    final ObjectMapper json = Json.mapper();
    final HttpClient http = HttpClient.newHttpClient();
    final CentreServer centre;

    DeskFixture(CentreServer centre) {
        this.centre = centre;
    }

    String enrol(String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        HttpResponse<String> r = send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), EnrolmentResponse.class).token();
    }

    /** Submits a new application of {@code serviceId} from the kiosk; returns it. */
    ApplicationSubmission submit(String kioskToken, String kioskId, String serviceId) throws Exception {
        ApplicationSubmission app = new ApplicationSubmission(UUID.randomUUID().toString(),
                kioskId + "-20261203-" + (1000 + (int) (Math.random() * 9000)), kioskId, serviceId, "测试事项", "张三",
                "110105199003071234", Map.of("phone", "13800000000", "spouseIdNumber", "11010519920101567X"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", JPEG)), Instant.now());
        HttpResponse<String> r = send("POST", "/api/v1/applications", kioskToken, json.writeValueAsString(app));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return app;
    }

    String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                json.writeValueAsString(Map.of("username", user, "password", PASSWORD)));
        for (int tries = 0; r.statusCode() == 429 && tries < 50; tries++) {
            // the centre bounds how many logins it hashes at once: a burst of honest logins waits its turn
            Thread.sleep(100L * Math.min(10, tries + 1));
            r = send("POST", "/console/api/login", null, json.writeValueAsString(Map.of("username", user,
                    "password", PASSWORD)));
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    /** The application as the console's JSON API shows it to {@code staffToken}. */
    JsonNode view(String staffToken, String applicationId) throws Exception {
        HttpResponse<String> r = send("GET", "/console/api/applications/" + applicationId, staffToken, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** A decision carrying {@code version} (left out when null). */
    HttpResponse<String> decide(String staffToken, String applicationId, String action, String reason, String decision,
                                Long version) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (decision != null) {
            body.put("decision", decision);
        }
        if (version != null) {
            body.put("version", version);
        }
        return send("POST", "/console/api/applications/" + applicationId + "/decision", staffToken,
                json.writeValueAsString(body));
    }

    /** A decision with the version the console shows right now, as an honest clerk's page would send. */
    HttpResponse<String> decideCurrent(String staffToken, String applicationId, String action, String reason,
                                       String decision) throws Exception {
        JsonNode view = view(staffToken, applicationId);
        Long version = view.hasNonNull("version") ? view.get("version").asLong() : null;
        return decide(staffToken, applicationId, action, reason, decision, version);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return org.openkiosk.centre.CentreHttp.send(http, centre, method, path, token, body);
    }

    HttpResponse<byte[]> bytes(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
