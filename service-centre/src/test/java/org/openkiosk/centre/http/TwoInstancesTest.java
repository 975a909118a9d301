package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;

/**
 * Issue 15: any number of centre instances on one PostgreSQL behave as one, so a load balancer may send each request
 * to any of them. What one instance hands out (a console session, its form token, an enrolment code) works at the
 * other, and what one counts (the per-address limit on enrolments and logins) the other counts too.
 */
@ExtendWith(PostgresServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the limit's test last: it spends this address's enrolments
class TwoInstancesTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=csrf value=([A-Za-z0-9_-]+)");

    private static CentreServer a;
    private static CentreServer b;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() {
        String db = PostgresServer.newDatabase();
        a = CentreServer.startOnPostgres(db, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                ClientOrigin.direct());
        b = CentreServer.startOnPostgres(db, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                ClientOrigin.direct());
        a.saveStaff("clerk", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aConsoleSessionAndItsFormTokenFromOneInstanceWorkAtTheOther() throws Exception {
        HttpResponse<String> loginPage = get(a, "/console", null);
        String preCookie = loginPage.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .filter(c -> c.startsWith("okc_login=")).findFirst().orElseThrow();
        // the login form fetched from A is posted to B
        HttpResponse<String> login = form(b, "/console/login", preCookie, "username=clerk&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&csrf=" + csrf(loginPage.body()));
        assertThat(login.statusCode()).isEqualTo(303);
        String session = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("okc_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();

        HttpResponse<String> pageOnA = get(a, "/console", session);
        assertThat(pageOnA.statusCode()).isEqualTo(200);
        assertThat(pageOnA.body()).contains("clerk");
        // a form of the page served by A, posted to B: its token is accepted there, and the session ends everywhere
        HttpResponse<String> logout = form(b, "/console/logout", session, "csrf=" + csrf(pageOnA.body()));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(get(a, "/console", session).body()).doesNotContain("/console/logout");
    }

    @Test
    void anEnrolmentCodeIssuedAtOneInstanceIsRedeemedAtTheOtherOnce() throws Exception {
        String code = a.issueEnrolmentCode("K-TWO").code();
        assertThat(enrol(b, code).statusCode()).isEqualTo(200);
        assertThat(enrol(a, code).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void thePerAddressLimitOnEnrolmentsCountsRequestsAtBothInstances() throws Exception {
        int refused = 0;
        for (int i = 0; i < 14; i++) {
            refused += enrol(a, "AAAA-AAAA-AAAA-AAAA").statusCode() == 429 ? 1 : 0;
            refused += enrol(b, "AAAA-AAAA-AAAA-AAAA").statusCode() == 429 ? 1 : 0;
        }
        // 28 tries within a few seconds from one address: the burst of 20 is shared, so the last ones are 429
        assertThat(refused).as("tries refused with 429 out of 28 spread over two instances").isGreaterThanOrEqualTo(6);
        HttpResponse<String> next = enrol(b, "AAAA-AAAA-AAAA-AAAA");
        assertThat(next.statusCode()).isEqualTo(429);
        assertThat(next.headers().firstValue("Retry-After")).isPresent();
    }

    private HttpResponse<String> enrol(CentreServer centre, String code) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/enrol"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(CentreServer centre, String path, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(CentreServer centre, String path, String cookie, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page's forms carry a CSRF token").isTrue();
        return m.group(1);
    }
}
