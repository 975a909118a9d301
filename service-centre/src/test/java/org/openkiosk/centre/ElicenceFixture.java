package org.openkiosk.centre;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.CardSession;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.HeldMaterials;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.MaterialReference;

/**
 * What the e-licence tests do over HTTP against a running centre, as a kiosk and as staff would: enrol kiosks, open
 * card sessions, look up held materials, submit applications that refer to them, issue results and read the
 * console's view.
 */
public final class ElicenceFixture {

    public static final String PASSWORD = "correct horse battery";
    /** The holder of the tests (the ID card simulator's sample resident's number). */
    public static final String HOLDER = "110105199003071234";
    public static final String OTHER_HOLDER = "11010519920101567X";
    /** A JPEG's first bytes, so the scan passes a check of its magic bytes. */
    public static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

    public final ObjectMapper json = Json.mapper();
    public final HttpClient http = HttpClient.newHttpClient();
    public final CentreServer centre;

    public ElicenceFixture(CentreServer centre) {
        this.centre = centre;
    }

    public String enrol(String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        HttpResponse<String> r = send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), EnrolmentResponse.class).token();
    }

    /** Staff of every department who may accept and issue results, and an admin. */
    public void staff() {
        centre.saveStaff("approver", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK, Role.APPROVER));
        centre.saveStaff("boss", PASSWORD.toCharArray(), EnumSet.of(Role.ADMIN, Role.VIEWER));
    }

    public String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                json.writeValueAsString(Map.of("username", user, "password", PASSWORD)));
        for (int tries = 0; r.statusCode() == 429 && tries < 50; tries++) {
            Thread.sleep(100L * Math.min(10, tries + 1));
            r = send("POST", "/console/api/login", null,
                    json.writeValueAsString(Map.of("username", user, "password", PASSWORD)));
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    /** Submits an application of {@code serviceId} for {@code idNumber} with these documents and references. */
    public ApplicationSubmission submit(String token, String kioskId, String serviceId, String idNumber,
                                        List<DocumentPayload> documents, List<MaterialReference> references)
            throws Exception {
        ApplicationSubmission app = new ApplicationSubmission(UUID.randomUUID().toString(),
                kioskId + "-20261203-" + (1000 + (int) (Math.random() * 9000)), kioskId, serviceId, "测试事项", "张三",
                idNumber, Map.of("phone", "13800000000"), documents, Instant.now(), references);
        HttpResponse<String> r = send("POST", "/api/v1/applications", token, json.writeValueAsString(app));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return app;
    }

    public static List<DocumentPayload> scan(String materialId) {
        return List.of(DocumentPayload.of(materialId, materialId + ".jpg", "image/jpeg", JPEG));
    }

    /** Accepts and issues a result ({@code 准予登记}) as an approver. */
    public void issue(String staffToken, String applicationId) throws Exception {
        for (String action : List.of("accept", "issue-result")) {
            long version = view(staffToken, applicationId).get("version").asLong();
            Map<String, Object> body = action.equals("accept") ? Map.of("action", action, "version", version)
                    : Map.of("action", action, "version", version, "decision", "准予登记");
            HttpResponse<String> r = send("POST", "/console/api/applications/" + applicationId + "/decision",
                    staffToken, json.writeValueAsString(body));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    public JsonNode view(String staffToken, String applicationId) throws Exception {
        HttpResponse<String> r = send("GET", "/console/api/applications/" + applicationId, staffToken, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** Opens a card session for {@code idNumber}; returns its token. */
    public String cardSession(String kioskToken, String idNumber) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/card-sessions", kioskToken,
                json.writeValueAsString(CardSession.request(idNumber, "张三")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readValue(r.body(), CardSession.class).session();
    }

    public HttpResponse<String> lookup(String kioskToken, String session, String serviceId, String idNumber,
                                       boolean consent) throws Exception {
        return send("POST", "/api/v1/held-materials", kioskToken,
                json.writeValueAsString(HeldMaterials.ask(session, serviceId, idNumber, List.of(), consent)));
    }

    public HeldMaterials held(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), HeldMaterials.class);
    }

    /** The references an application would use for everything the lookup answered. */
    public static List<MaterialReference> references(HeldMaterials held) {
        return held.held().stream().map(h -> new MaterialReference(h.materialId(), h.kind(), h.reference(), h.type(),
                h.number())).toList();
    }

    /** The audit log's actions and details (admin). */
    public List<String> audit(String adminToken) throws Exception {
        HttpResponse<String> r = send("GET", "/console/api/audit", adminToken, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode root = json.readTree(r.body());
        JsonNode rows = root.isArray() ? root : root.path("entries");
        List<String> out = new java.util.ArrayList<>();
        rows.forEach(e -> out.add(e.path("username").asText() + " " + e.path("action").asText() + " "
                + e.path("detail").asText("")));
        return out;
    }

    public HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return CentreHttp.send(http, centre, method, path, token, body);
    }

    public HttpResponse<byte[]> bytes(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
