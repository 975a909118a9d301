package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreHttp;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.HelpSocketClient;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.http.HeadlessChromium;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;

/**
 * Remote help (issue 18) under attack, over real HTTP and WebSockets: staff without the help-desk role, sockets
 * without a credential or with the wrong kind, a kiosk reaching for another kiosk's help session, another site opening
 * the help desk's socket with a staff member's cookie, and script smuggled into the help desk page (the one console
 * page allowed to run its own script file).
 */
class HelpDeskAttackTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String STAFF_SOCKET = "/console/help/socket";
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static CentreServer centre;

    @BeforeAll
    static void start() {
        centre = CentreServer.start(dataDir, 0);
        centre.saveStaff("helper", PASSWORD.toCharArray(), EnumSet.of(Role.HELP_DESK));
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        centre.saveStaff("clerk", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK, Role.APPROVER));
        centre.saveStaff("admin", PASSWORD.toCharArray(), EnumSet.of(Role.ADMIN));
    }

    @AfterAll
    static void stop() {
        centre.close();
    }

    @Test
    void staffWithoutTheHelpDeskRoleGetNeitherThePageNorTheListNorTheSocket() throws Exception {
        for (String user : new String[] {"viewer", "clerk", "admin"}) {
            String token = login(user);
            assertThat(CentreHttp.send(HTTP, centre, "GET", "/console/help", token, null).statusCode()).as(user).isEqualTo(403);
            assertThat(CentreHttp.send(HTTP, centre, "GET", "/console/api/help", token, null).statusCode()).as(user)
                    .isEqualTo(403);
            assertThat(handshakeStatus(STAFF_SOCKET, Map.of("Authorization", "Bearer " + token))).as(user).isEqualTo(403);
        }
        String helper = login("helper");
        assertThat(CentreHttp.send(HTTP, centre, "GET", "/console/help", helper, null).statusCode()).isEqualTo(200);
        // the help desk reads no application
        assertThat(CentreHttp.send(HTTP, centre, "GET", "/console/api/applications", helper, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void socketsWithoutACredentialOrWithTheWrongKindAreRefusedAtTheHandshake() throws Exception {
        String kiosk = enrol("K0201");
        String staff = login("helper");
        assertThat(handshakeStatus(Protocol.HELP, Map.of())).isEqualTo(401);
        assertThat(handshakeStatus(Protocol.HELP, Map.of("Authorization", "Bearer not-a-token"))).isEqualTo(401);
        assertThat(handshakeStatus(Protocol.HELP, Map.of("Authorization", "Bearer " + staff))).as("a staff token")
                .isEqualTo(401);
        assertThat(handshakeStatus(STAFF_SOCKET, Map.of())).isEqualTo(401);
        assertThat(handshakeStatus(STAFF_SOCKET, Map.of("Authorization", "Bearer " + kiosk))).as("a kiosk token")
                .isEqualTo(401);
        centre.revokeKiosk("K0201");
        assertThat(handshakeStatus(Protocol.HELP, Map.of("Authorization", "Bearer " + kiosk))).as("a revoked kiosk")
                .isEqualTo(401);
    }

    @Test
    void aKioskTokenCannotJoinOrReadAnotherKiosksHelpSession() throws Exception {
        String k1 = enrol("K0211");
        String k2 = enrol("K0212");
        try (HelpSocketClient staff = HelpSocketClient.open(centre, STAFF_SOCKET, login("helper"));
             HelpSocketClient victim = HelpSocketClient.open(centre, Protocol.HELP, k1);
             HelpSocketClient thief = HelpSocketClient.open(centre, Protocol.HELP, k2)) {
            victim.send("{\"type\":\"request\",\"place\":\"甲村\",\"step\":\"FORM\"}");
            String id = victim.awaitType("request").path("id").asText();
            thief.send("{\"type\":\"request\",\"resume\":\"" + id + "\",\"place\":\"乙村\",\"step\":\"HOME\"}");
            assertThat(thief.awaitType("error").path("error").asText()).contains("no open help request");
            assertThat(thief.awaitClose(Duration.ofSeconds(10))).isEqualTo(1008);

            staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
            victim.awaitType("taken");
            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"只给甲村\"}");
            victim.awaitType("message");
            assertThat(thief.texts()).noneMatch(m -> m.toString().contains("只给甲村"))
                    .noneMatch(m -> "taken".equals(m.path("type").asText()));
            assertThat(centre.help().request(id).orElseThrow().kioskId()).isEqualTo("K0211");
        }
    }

    @Test
    void anotherSiteCannotOpenTheHelpDesksSocketWithAStaffMembersCookie() throws Exception {
        String session = login("helper");
        String cookie = "okc_session=" + session;
        String csrf = formToken(session);
        String own = centre.baseUrl();
        assertThat(handshakeStatus(STAFF_SOCKET + "?csrf=" + csrf, Map.of("Cookie", cookie, "Origin", "http://evil.example")))
                .as("another origin").isEqualTo(403);
        assertThat(handshakeStatus(STAFF_SOCKET, Map.of("Cookie", cookie, "Origin", own))).as("no form token")
                .isEqualTo(403);
        assertThat(handshakeStatus(STAFF_SOCKET + "?csrf=" + csrf, Map.of("Cookie", cookie))).as("no origin")
                .isEqualTo(403);
        assertThat(handshakeStatus(STAFF_SOCKET + "?csrf=" + csrf, Map.of("Cookie", cookie, "Origin", own)))
                .as("the centre's own page").isEqualTo(101);
    }

    @Test
    void inlineScriptStillDoesNotRunOnTheHelpDeskPageWhileItsOwnScriptFileDoes() throws Exception {
        String helper = login("helper");
        var page = CentreHttp.send(HTTP, centre, "GET", "/console/help", helper, null);
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("script-src 'self'", "default-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline'; connect", "'unsafe-eval'", "script-src 'self' 'unsafe-inline'");
        assertThat(page.body()).doesNotContain("<script>").contains("<script src='/console/help.js'></script>");
        // every other console page keeps its no-script policy
        assertThat(CentreHttp.send(HTTP, centre, "GET", "/console/fleet", helper, null).headers()
                .firstValue("Content-Security-Policy").orElse("")).doesNotContain("script-src");

        String kiosk = enrol("K0221");
        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900);
             HelpSocketClient k = HelpSocketClient.open(centre, Protocol.HELP, kiosk)) {
            k.send("{\"type\":\"request\",\"place\":\"<script>document.title='pwned'</script><img src=x onerror=\\\"window.name='pwned'\\\">\","
                    + "\"step\":\"<svg onload=\\\"document.title='pwned'\\\">\"}");
            k.awaitType("request");
            browser.navigate(centre.baseUrl() + "/console/help");
            browser.evaluateAndWaitForLoad("document.querySelector('input[name=username]').value='helper';"
                    + "document.querySelector('input[name=password]').value='" + PASSWORD + "';"
                    + "document.querySelector('form').submit()");
            browser.navigate(centre.baseUrl() + "/console/help");
            waitForState(browser);
            // script smuggled into the page: inline code and an inline handler, added as a page's own content would be
            browser.evaluate("(() => { const s = document.createElement('script'); s.textContent = \"window.inlineRan = 1\";"
                    + " document.body.appendChild(s); const d = document.createElement('div');"
                    + " d.innerHTML = \"<img src=x onerror='window.handlerRan = 1'>\"; document.body.appendChild(d);"
                    + " return true; })()");
            Thread.sleep(300); // the image's error event, had its handler been allowed
            assertThat(browser.evaluate("typeof window.inlineRan").asText()).isEqualTo("undefined");
            assertThat(browser.evaluate("typeof window.handlerRan").asText()).isEqualTo("undefined");
            assertThat(browser.evaluate("document.title").asText()).isNotEqualTo("pwned");
            assertThat(browser.evaluate("window.name").asText()).isNotEqualTo("pwned");
            assertThat(browser.evaluate("document.querySelectorAll('#requests img, #requests svg, #requests script').length")
                    .asInt()).isZero();
            assertThat(browser.evaluate("document.querySelector('#requests tbody').innerText").asText())
                    .contains("<script>document.title='pwned'</script>");
        }
    }

    private static void waitForState(HeadlessChromium browser) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if ("已连接".equals(browser.evaluate("document.getElementById('state').textContent").asText())) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the help desk page's own script did not connect");
    }

    /** The HTTP status of a WebSocket handshake to {@code path}: 101 when the socket opened. */
    private static int handshakeStatus(String path, Map<String, String> headers) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        try {
            WebSocket ws = b.buildAsync(URI.create(centre.baseUrl().replaceFirst("^http", "ws") + path),
                    new WebSocket.Listener() { }).get(15, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static String login(String user) throws Exception {
        var r = CentreHttp.send(HTTP, centre, "POST", "/console/api/login", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static String enrol(String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        var r = CentreHttp.send(HTTP, centre, "POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
        return JSON.readValue(r.body(), EnrolmentResponse.class).token();
    }

    /** The form token of a console session, as the centre derives it (what a page of that session carries). */
    private static String formToken(String session) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("openkiosk console form token\n" + session).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
