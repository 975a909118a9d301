package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;

/** The staff console over HTTP: log in, list and filter, view documents, decide by role, audit log, pages. */
class ConsoleTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private String kiosk;
    private ApplicationSubmission app;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        centre.saveStaff("clerk", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
        centre.saveStaff("approver", PASSWORD.toCharArray(), EnumSet.of(Role.APPROVER));
        kiosk = KioskProtocolTest.enrol(centre, http, "K0001");
        ApplicationSubmission a = CentreApiTest.application(UUID.randomUUID().toString());
        app = new ApplicationSubmission(a.applicationId(), a.applicationNo(), a.kioskId(), a.serviceId(), a.serviceName(),
                "张<script>alert(1)</script>", a.idNumber(), a.fields(),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3})), Instant.now());
        assertThat(send("POST", "/api/v1/applications", kiosk, json.writeValueAsString(app)).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                json.writeValueAsString(Map.of("username", user, "password", PASSWORD)));
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> decide(String token, String action, String reason, String decision) throws Exception {
        Map<String, String> body = new java.util.HashMap<>();
        body.put("action", action);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (decision != null) {
            body.put("decision", decision);
        }
        // a decision names the version it was made on, as the console's view shows it
        HttpResponse<String> view = send("GET", "/console/api/applications/" + app.applicationId(), token, null);
        if (view.statusCode() == 200) {
            body.put("version", json.readTree(view.body()).get("version").asText());
        }
        return send("POST", "/console/api/applications/" + app.applicationId() + "/decision", token,
                json.writeValueAsString(body));
    }

    @Test
    void wrongPasswordIsRefusedAndPasswordsAreStoredOnlyHashed() throws Exception {
        HttpResponse<String> wrong = send("POST", "/console/api/login", null,
                "{\"username\":\"clerk\",\"password\":\"not the password\"}");
        HttpResponse<String> unknown = send("POST", "/console/api/login", null,
                "{\"username\":\"nobody\",\"password\":\"" + PASSWORD + "\"}");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/api/applications", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/api/applications", "made-up", null).statusCode()).isEqualTo(401);
        byte[] db = Files.readAllBytes(dataDir.resolve("centre.db"));
        byte[] wal = Files.exists(dataDir.resolve("centre.db-wal")) ? Files.readAllBytes(dataDir.resolve("centre.db-wal")) : new byte[0];
        assertThat(new String(db, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1))
                .doesNotContain(PASSWORD).contains("pbkdf2-sha256$");
    }

    @Test
    void staffListFilterAndViewApplicationsAndDocuments() throws Exception {
        String viewer = login("viewer");

        JsonNode received = json.readTree(send("GET", "/console/api/applications?status=received", viewer, null).body());
        JsonNode none = json.readTree(send("GET", "/console/api/applications?status=completed", viewer, null).body());
        JsonNode byName = json.readTree(send("GET", "/console/api/applications?q=" + URLEncoder.encode("张", StandardCharsets.UTF_8),
                viewer, null).body());
        JsonNode byOtherKiosk = json.readTree(send("GET", "/console/api/applications?kiosk=K0099", viewer, null).body());
        assertThat(received).hasSize(1);
        assertThat(none).isEmpty();
        assertThat(byName).hasSize(1);
        assertThat(byOtherKiosk).isEmpty();

        JsonNode view = json.readTree(send("GET", "/console/api/applications/" + app.applicationId(), viewer, null).body());
        assertThat(view.get("idNumber").asText()).isEqualTo("110101********1234"); // a viewer sees it masked
        assertThat(view.get("status").asText()).isEqualTo("received");
        assertThat(view.at("/documents/0/fileName").asText()).isEqualTo("id.jpg");
        HttpResponse<byte[]> doc = http.send(request("GET", "/console/api/applications/" + app.applicationId()
                + "/documents/0", viewer, null).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(doc.body()).containsExactly(0xFF, 0xD8, 0xFF, 1, 2, 3);
        assertThat(doc.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/jpeg"));
        assertThat(send("GET", "/console/api/applications/" + app.applicationId() + "/documents/5", viewer, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void rolesDecideWhoMayDoWhatAndEveryActionIsAudited() throws Exception {
        String viewer = login("viewer");
        String clerk = login("clerk");
        String approver = login("approver");

        assertThat(decide(viewer, "accept", null, null).statusCode()).isEqualTo(403);
        assertThat(decide(clerk, "reject", null, null).statusCode()).isEqualTo(400);
        assertThat(decide(clerk, "fly", null, null).statusCode()).isEqualTo(400);
        assertThat(decide(clerk, "more-materials", "请补充户口簿本人页", null).statusCode()).isEqualTo(200);
        assertThat(decide(clerk, "materials-received", null, null).statusCode()).isEqualTo(200);
        assertThat(decide(clerk, "accept", null, null).statusCode()).isEqualTo(200);
        assertThat(decide(clerk, "issue-result", null, "准予登记").statusCode()).isEqualTo(403);
        assertThat(decide(approver, "issue-result", null, "随便").statusCode()).isEqualTo(400);
        HttpResponse<String> issued = decide(approver, "issue-result", "请凭身份证到3号窗口领取", "准予登记");
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(json.readTree(issued.body()).get("status").asText()).isEqualTo("completed");

        ChangesPage changes = json.readValue(send("GET", "/api/v1/changes?since=0", kiosk, null).body(), ChangesPage.class);
        assertThat(changes.changes()).extracting(c -> c.status())
                .containsExactly("received", "more-materials", "received", "accepted", "completed");
        assertThat(changes.changes().get(1).reason()).isEqualTo("请补充户口簿本人页");
        assertThat(changes.changes().get(4).resultAvailable()).isTrue();
        HttpResponse<byte[]> result = http.send(request("GET", "/api/v1/applications/" + app.applicationId() + "/result",
                kiosk, null).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(result.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        JsonNode audit = json.readTree(send("GET", "/console/api/audit?application=" + app.applicationId(), viewer, null).body());
        assertThat(audit.findValuesAsText("action")).containsSubsequence("more-materials", "accept", "issue-result");
        assertThat(audit.findValuesAsText("username")).contains("clerk", "approver");
    }

    @Test
    void consolePagesLogInWithAnHttpOnlyCookieEscapeDataAndPostDecisions() throws Exception {
        HttpResponse<String> loginPage = send("GET", "/console", null, null);
        assertThat(loginPage.body()).contains("<form method=post action=/console/login>");
        String preLogin = loginPage.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
        String loginToken = formToken(loginPage.body());

        HttpResponse<String> bad = form("/console/login", preLogin, "username=clerk&password=nope&csrf=" + loginToken);
        assertThat(bad.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = form("/console/login", preLogin, "username=clerk&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&csrf=" + loginToken);
        assertThat(ok.statusCode()).isEqualTo(303);
        String setCookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("okc_session="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        String list = http.send(HttpRequest.newBuilder(uri("/console")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(list).contains(app.applicationNo()).contains("张&lt;script&gt;").doesNotContain("<script>alert");
        String detail = http.send(HttpRequest.newBuilder(uri("/console/applications/" + app.applicationId()))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(detail).contains(app.idNumber()).contains("id.jpg").contains("value=accept")
                .doesNotContain("value=issue-result");

        java.util.regex.Matcher version = java.util.regex.Pattern.compile("name=version value=(\\d+)").matcher(detail);
        assertThat(version.find()).as("the decision forms carry the application's version").isTrue();
        HttpResponse<String> decided = form("/console/applications/" + app.applicationId() + "/decision", cookie,
                "action=accept&reason=&csrf=" + formToken(detail) + "&version=" + version.group(1));
        assertThat(decided.statusCode()).isEqualTo(303);
        assertThat(centre.findApplication(app.applicationId())).isPresent();
        String token = login("viewer");
        assertThat(json.readTree(send("GET", "/console/api/applications/" + app.applicationId(), token, null).body())
                .get("status").asText()).isEqualTo("accepted");
    }

    /** The CSRF token the page's forms carry. */
    private static String formToken(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=csrf value=([A-Za-z0-9_-]+)").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> form(String path, String cookie, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return http.send(request(method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create(centre.baseUrl() + path);
    }
}
