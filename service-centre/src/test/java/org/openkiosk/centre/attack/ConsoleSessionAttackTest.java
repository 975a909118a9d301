package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;

/**
 * Issue 13 item 4, tried as an attacker would over real HTTP: a cross-site page posting the console's
 * forms, a cross-site form posting "JSON" to the console API, a spoofed {@code X-Forwarded-Proto},
 * password guessing, user-name probing by timing, log forging through the user name, and a stolen
 * session outliving a password change or a disabled account.
 */
class ConsoleSessionAttackTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=csrf value=([A-Za-z0-9_-]+)");

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private CentreServer centre;

    private CentreServer start(ClientOrigin origin) throws Exception {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, clock, FleetSettings.defaults(), origin);
        centre.saveStaff("clerk", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        return centre;
    }

    @AfterEach
    void stop() {
        if (centre != null) {
            centre.close();
        }
    }

    @Test
    void crossSitePostsOfConsoleFormsWithoutTheSessionsTokenAreRefused() throws Exception {
        start(ClientOrigin.direct());
        String applicationId = submitApplication();
        String cookie = pageLogin("clerk", PASSWORD).cookie();
        // what a hostile page's auto-submitting form sends: the browser adds the cookie, no token
        HttpResponse<String> forged = form("/console/applications/" + applicationId + "/decision", cookie,
                "action=accept&reason=");
        HttpResponse<String> wrongToken = form("/console/applications/" + applicationId + "/decision", cookie,
                "action=accept&reason=&csrf=" + "A".repeat(43));
        HttpResponse<String> forgedLogout = form("/console/logout", cookie, "");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(forgedLogout.statusCode()).isEqualTo(403);
        assertThat(status(applicationId)).isEqualTo("received");
        assertThat(get("/console", cookie, Map.of()).body()).contains("clerk"); // still logged in
        String page = get("/console/applications/" + applicationId, cookie, Map.of()).body();
        String token = csrf(page);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("name=version value=(\\d+)").matcher(page);
        assertThat(version.find()).as("the decision forms carry the application's version").isTrue();

        // a token from another session does not do either
        String otherCookie = pageLogin("viewer", PASSWORD).cookie();
        String otherToken = csrf(get("/console", otherCookie, Map.of()).body());
        assertThat(otherToken).isNotEqualTo(token);
        assertThat(form("/console/applications/" + applicationId + "/decision", cookie,
                "action=accept&reason=&csrf=" + otherToken).statusCode()).isEqualTo(403);

        // a login form posted from elsewhere (login CSRF: the victim signed in as the attacker) is refused too
        HttpResponse<String> forgedLogin = form("/console/login", null, "username=clerk&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
        assertThat(forgedLogin.statusCode()).isEqualTo(403);
        assertThat(forgedLogin.headers().firstValue("Set-Cookie").orElse("")).doesNotContain("okc_session=");

        // the console's own forms carry the token and keep working
        HttpResponse<String> honest = form("/console/applications/" + applicationId + "/decision", cookie,
                "action=accept&reason=&csrf=" + token + "&version=" + version.group(1));
        assertThat(honest.statusCode()).isEqualTo(303);
        assertThat(status(applicationId)).isEqualTo("accepted");
        assertThat(form("/console/logout", cookie, "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(get("/console", cookie, Map.of()).body()).contains("name=password");
    }

    @Test
    void consoleApiRefusesBodiesThatAreNotJsonAndDoesNotTakeTheSessionCookie() throws Exception {
        start(ClientOrigin.direct());
        String applicationId = submitApplication();
        String loginJson = json.writeValueAsString(Map.of("username", "clerk", "password", PASSWORD));

        // a cross-site <form enctype=text/plain> can post a JSON-looking body, but not as application/json
        assertThat(post("/console/api/login", null, "text/plain", loginJson).statusCode()).isEqualTo(415);
        assertThat(post("/console/api/login", null, "application/x-www-form-urlencoded", loginJson).statusCode())
                .isEqualTo(415);
        assertThat(post("/console/api/login", null, null, loginJson).statusCode()).isEqualTo(415);
        HttpResponse<String> login = post("/console/api/login", null, "application/json; charset=utf-8", loginJson);
        assertThat(login.statusCode()).isEqualTo(200);
        String bearer = json.readTree(login.body()).get("token").asText();

        String decision = "{\"action\":\"accept\"}";
        HttpRequest.Builder asText = HttpRequest.newBuilder(uri("/console/api/applications/" + applicationId + "/decision"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(decision));
        assertThat(http.send(asText.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
        assertThat(status(applicationId)).isEqualTo("received");

        // the API is for scripts holding the bearer token: the browser's session cookie is not enough
        String cookie = pageLogin("clerk", PASSWORD).cookie();
        assertThat(get("/console/api/applications", cookie, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/console/api/applications/" + applicationId + "/decision", cookie, "application/json", decision)
                .statusCode()).isEqualTo(401);
        assertThat(status(applicationId)).isEqualTo("received");
    }

    @Test
    void sessionCookieIsSecureAndHstsSentWhenToldTheCentreSitsBehindTls() throws Exception {
        start(new ClientOrigin(true, Set.of()));

        Login login = pageLogin("clerk", PASSWORD);

        assertThat(login.setCookie()).contains("okc_session=").containsIgnoringCase("; Secure")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(login.response().headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age="));
        assertThat(get("/console", login.cookie(), Map.of()).headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void forwardedProtoIsBelievedOnlyFromAConfiguredProxy() throws Exception {
        start(new ClientOrigin(false, Set.of("127.0.0.1")));

        Login viaProxy = pageLogin("clerk", PASSWORD, Map.of("X-Forwarded-Proto", "https"));
        Login plain = pageLogin("viewer", PASSWORD);

        assertThat(viaProxy.setCookie()).containsIgnoringCase("; Secure");
        assertThat(viaProxy.response().headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(plain.setCookie()).doesNotContainIgnoringCase("Secure");
        assertThat(plain.response().headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void spoofedForwardedProtoFromAnUntrustedAddressIsIgnored() throws Exception {
        start(new ClientOrigin(false, Set.of("10.20.30.40"))); // the proxy is elsewhere: 127.0.0.1 is not it

        Login spoofed = pageLogin("clerk", PASSWORD, Map.of("X-Forwarded-Proto", "https"));

        assertThat(spoofed.setCookie()).contains("okc_session=").doesNotContainIgnoringCase("Secure");
        assertThat(spoofed.response().headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void repeatedWrongPasswordsForOneUserGet429WithRetryAfterEvenForTheRightPassword() throws Exception {
        start(ClientOrigin.direct());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(apiLogin("clerk", "wrong password " + i).statusCode());
        }
        HttpResponse<String> locked = apiLogin("clerk", PASSWORD);
        HttpResponse<String> lockedPage = pageLogin("clerk", PASSWORD).response();
        HttpResponse<String> unknownLocked;
        for (int i = 0; i < 5; i++) {
            apiLogin("nobody", "wrong password " + i);
        }
        unknownLocked = apiLogin("nobody", "wrong password");

        assertThat(statuses).containsOnly(401);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(retryAfter(locked)).isBetween(1L, 60L);
        assertThat(json.readTree(locked.body()).get("error").asText()).isNotBlank();
        assertThat(locked.body()).doesNotContain("token");
        assertThat(lockedPage.statusCode()).isEqualTo(429);
        assertThat(retryAfter(lockedPage)).isBetween(1L, 60L);
        assertThat(lockedPage.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("okc_session="));
        assertThat(unknownLocked.statusCode()).as("an unknown user is locked the same way").isEqualTo(429);
        assertThat(apiLogin("viewer", PASSWORD).statusCode()).as("other accounts are not locked").isEqualTo(200);

        clock.advance(Duration.ofSeconds(retryAfter(locked) + 1));
        assertThat(apiLogin("clerk", PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void manyLoginsFromOneAddressGet429EvenWithSpoofedForwardedFor() throws Exception {
        start(ClientOrigin.direct());
        HttpResponse<String> refused = null;
        int tries = 0;
        while (refused == null && tries < 200) {
            tries++;
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/console/api/login"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "198.51.100." + tries) // not a trusted proxy: ignored
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("username", "guess" + tries, "password", "guess " + tries))));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(401);
            }
        }

        assertThat(refused).as("no 429 after %d logins from one address", tries).isNotNull();
        assertThat(retryAfter(refused)).isPositive();
        assertThat(form("/console/login", null, "username=a&password=b").statusCode()).isEqualTo(429);
    }

    @Test
    void unknownAndKnownUsersTakeTheSameTimeToRefuse() throws Exception {
        start(ClientOrigin.direct());
        apiLogin("viewer", PASSWORD); // warm up
        apiLogin("ghost-warm", PASSWORD);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            assertThat(apiLogin("clerk", "wrong password " + i).statusCode()).isEqualTo(401);
            long t1 = System.nanoTime();
            assertThat(apiLogin("ghost-" + i, "wrong password " + i).statusCode()).isEqualTo(401);
            long t2 = System.nanoTime();
            known.add(t1 - t0);
            unknown.add(t2 - t1);
        }
        Collections.sort(known);
        Collections.sort(unknown);
        double knownMedian = (known.get(1) + known.get(2)) / 2.0;
        double unknownMedian = (unknown.get(1) + unknown.get(2)) / 2.0;

        assertThat(knownMedian / unknownMedian).as("known %s ns vs unknown %s ns", known, unknown).isBetween(1 / 3.0, 3.0);
    }

    @Test
    void aUserNameWithLineBreaksOrOfAnyLengthStaysOneShortLogLine() throws Exception {
        start(ClientOrigin.direct());
        String forged = "clerk\r\n[main] INFO org.openkiosk.centre.core.StaffAccounts - Console login for admin ok\u001b[2J";
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        HttpResponse<String> r1;
        HttpResponse<String> r2;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r1 = apiLogin(forged, "wrong password");
            r2 = apiLogin("x".repeat(10_000), "wrong password"); // under the 16 KB body limit of log-in: it reaches the log
        } finally {
            System.setErr(saved);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        saved.print(log);

        assertThat(r1.statusCode()).isIn(400, 401);
        assertThat(r2.statusCode()).isIn(400, 401);
        assertThat(log).as("the failed logins are logged").contains("clerk");
        assertThat(log).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(log.lines()).noneMatch(l -> l.startsWith("[main] INFO org.openkiosk.centre.core.StaffAccounts - Console"));
        assertThat(log.lines().filter(l -> l.contains("clerk"))).singleElement()
                .satisfies(l -> assertThat(l).contains("clerk\\u000d\\u000a[main] INFO")); // escaped, on the one line
        assertThat(log.lines()).allMatch(l -> l.length() < 1_000);
    }

    @Test
    void changingThePasswordEndsTheAccountsSessions() throws Exception {
        start(ClientOrigin.direct());
        String bearer = json.readTree(apiLogin("clerk", PASSWORD).body()).get("token").asText();
        String cookie = pageLogin("clerk", PASSWORD).cookie();
        String viewer = json.readTree(apiLogin("viewer", PASSWORD).body()).get("token").asText();
        assertThat(getBearer("/console/api/applications", bearer).statusCode()).isEqualTo(200);

        centre.saveStaff("clerk", "a brand new password".toCharArray(), EnumSet.of(Role.CLERK));

        assertThat(getBearer("/console/api/applications", bearer).statusCode()).isEqualTo(401);
        assertThat(get("/console", cookie, Map.of()).body()).contains("name=password").doesNotContain("办件列表");
        assertThat(getBearer("/console/api/applications", viewer).statusCode()).as("other accounts keep theirs")
                .isEqualTo(200);
        assertThat(apiLogin("clerk", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(apiLogin("clerk", "a brand new password").statusCode()).isEqualTo(200);
    }

    @Test
    void disablingAnAccountEndsItsSessionsAndItsLoginsUntilEnabled() throws Exception {
        start(ClientOrigin.direct());
        String bearer = json.readTree(apiLogin("clerk", PASSWORD).body()).get("token").asText();
        String cookie = pageLogin("clerk", PASSWORD).cookie();

        assertThat(centre.setStaffDisabled("clerk", true)).isTrue();

        assertThat(getBearer("/console/api/applications", bearer).statusCode()).isEqualTo(401);
        assertThat(get("/console", cookie, Map.of()).body()).contains("name=password");
        assertThat(apiLogin("clerk", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(pageLogin("clerk", PASSWORD).response().statusCode()).isEqualTo(401);
        assertThat(centre.setStaffDisabled("nobody", true)).isFalse();

        assertThat(centre.setStaffDisabled("clerk", false)).isTrue();
        assertThat(apiLogin("clerk", PASSWORD).statusCode()).isEqualTo(200);
        assertThat(getBearer("/console/api/applications", bearer).statusCode()).as("an ended session stays ended")
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- helpers

    private record Login(HttpResponse<String> response, String setCookie, String cookie) {
    }

    /** Signs in as a browser does: opens the login page (its form and pre-login cookie), then posts the form. */
    private Login pageLogin(String user, String password) throws Exception {
        return pageLogin(user, password, Map.of());
    }

    private Login pageLogin(String user, String password, Map<String, String> headers) throws Exception {
        HttpResponse<String> page = get("/console", null, headers);
        String preCookie = page.headers().allValues("Set-Cookie").stream().filter(c -> !c.startsWith("okc_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
        Matcher m = CSRF.matcher(page.body());
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + (m.find() ? "&csrf=" + m.group(1) : "");
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (preCookie != null) {
            b.header("Cookie", preCookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("okc_session="))
                .findFirst().orElse("");
        return new Login(r, setCookie, setCookie.isEmpty() ? null : setCookie.substring(0, setCookie.indexOf(';')));
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page's forms carry a CSRF token").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> apiLogin(String user, String password) throws Exception {
        return post("/console/api/login", null, "application/json",
                json.writeValueAsString(Map.of("username", user, "password", password)));
    }

    private String status(String applicationId) throws Exception {
        String token = json.readTree(apiLogin("viewer", PASSWORD).body()).get("token").asText();
        return json.readTree(getBearer("/console/api/applications/" + applicationId, token).body()).get("status").asText();
    }

    private String submitApplication() throws Exception {
        String code = centre.issueEnrolmentCode("K0001").code();
        String kiosk = json.readValue(post("/api/v1/enrol", null, "application/json", "{\"code\":\"" + code + "\"}").body(),
                EnrolmentResponse.class).token();
        String id = UUID.randomUUID().toString();
        ApplicationSubmission app = new ApplicationSubmission(id, "K0001-20261203-0001", "K0001", "hukou-transfer",
                "户口迁移", "张三", "110101199003071234", Map.of("address", "北京市东城区"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})),
                Instant.parse("2026-12-03T07:59:00Z"));
        HttpRequest r = HttpRequest.newBuilder(uri("/api/v1/applications")).header("Authorization", "Bearer " + kiosk)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(app))).build();
        assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        return id;
    }

    private static long retryAfter(HttpResponse<?> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After")));
    }

    private HttpResponse<String> form(String path, String cookie, String body) throws Exception {
        return post(path, cookie, "application/x-www-form-urlencoded", body);
    }

    private HttpResponse<String> post(String path, String cookie, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        headers.forEach(b::header);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getBearer(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(centre.baseUrl() + path);
    }
}
