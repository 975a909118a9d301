package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.Json;

/**
 * {@code ./kiosk centre staff} against a running centre's data: a new password ends the account's
 * sessions, {@code --disable} ends them and refuses logins until {@code --enable}; and the centre's
 * {@code --trusted-proxy} takes IP addresses only.
 */
class CentreStaffCommandTest {

    @TempDir
    Path centreDir;

    private CentreServer centre;
    private final CliRun kiosk = CliRun.keepingOutput();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startCentre() {
        centre = CentreServer.start(centreDir, 0);
    }

    @AfterEach
    void stopCentre() {
        centre.close();
    }

    @Test
    void aNewPasswordOrDisablingEndsTheAccountsSessionsAndDisabledAccountsCannotLogIn() throws Exception {
        assertThat(save("li.clerk", "correct horse battery")).as(kiosk.err()).isZero();
        String first = login("li.clerk", "correct horse battery");
        assertThat(list(first)).isEqualTo(200);

        assertThat(save("li.clerk", "another long password")).as(kiosk.err()).isZero();
        assertThat(list(first)).as("the session from before the new password").isEqualTo(401);
        String second = login("li.clerk", "another long password");
        assertThat(list(second)).isEqualTo(200);

        assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--disable"))
                .as(kiosk.err()).isZero();
        assertThat(kiosk.out()).contains("staff account li.clerk disabled");
        assertThat(list(second)).isEqualTo(401);
        assertThat(loginStatus("li.clerk", "another long password")).isEqualTo(401);

        assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--enable"))
                .as(kiosk.err()).isZero();
        assertThat(list(login("li.clerk", "another long password"))).isEqualTo(200);
    }

    @Test
    void badDisableAndProxyCommandLinesAreUsageErrors() {
        assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "nobody", "--disable")).isEqualTo(2);
        assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "x", "--disable", "--enable"))
                .isEqualTo(2);
        assertThat(kiosk.run("centre", "--port", "0", "--data", "unused", "--trusted-proxy", "proxy.example.org"))
                .isEqualTo(2);
        assertThat(kiosk.err()).contains("no staff account 'nobody'").contains("either --disable or --enable")
                .contains("a trusted proxy is an IP address").doesNotContain("\tat ");
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("--behind-tls", "--trusted-proxy ADDR[,ADDR...]", "--disable | --enable");
    }

    private int save(String user, String password) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            return kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", user, "--roles", "clerk");
        } finally {
            System.setIn(stdin);
        }
    }

    private HttpResponse<String> loginResponse(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private int loginStatus(String user, String password) throws Exception {
        return loginResponse(user, password).statusCode();
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = loginResponse(user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).get("token").asText();
    }

    private int list(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/applications"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
