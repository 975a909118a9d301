package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;

/**
 * {@code ./kiosk centre revoke --data DIR --kiosk-id ID} (issue 13 item 10): the operator ends a stolen kiosk's
 * token while the centre runs; the kiosk's next request is refused and told to enrol again.
 */
class CentreRevokeCommandTest {

    @TempDir
    Path centreDir;

    private final CliRun kiosk = CliRun.lastRunOnly();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void revokeEndsARunningCentresKioskTokenAtOnce() throws Exception {
        try (CentreServer centre = CentreServer.start(centreDir, 0)) {
            assertThat(kiosk.run("centre", "enrol", "--data", centreDir.toString(), "--kiosk-id", "K0001")).isZero();
            String code = kiosk.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            HttpResponse<String> enrolled = send(centre, "POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
            String token = Json.mapper().readValue(enrolled.body(), EnrolmentResponse.class).token();
            assertThat(send(centre, "GET", "/api/v1/changes", token, null).statusCode()).isEqualTo(200);

            assertThat(kiosk.run("centre", "revoke", "--data", centreDir.toString(), "--kiosk-id", "K0001"))
                    .as(kiosk.err()).isZero();
            assertThat(kiosk.out()).contains("K0001").contains("revoked");

            HttpResponse<String> after = send(centre, "GET", "/api/v1/changes", token, null);
            assertThat(after.statusCode()).isEqualTo(401);
            assertThat(after.body()).contains("enrol");
        }
    }

    @Test
    void revokingAKioskThatIsNotEnrolledFailsAndSaysSo() {
        CentreServer.Parts.open(centreDir).close();

        assertThat(kiosk.run("centre", "revoke", "--data", centreDir.toString(), "--kiosk-id", "K0404")).isEqualTo(1);
        assertThat(kiosk.err()).contains("K0404").doesNotContain("\tat ");
        assertThat(kiosk.run("centre", "revoke", "--data", centreDir.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("--kiosk-id");
    }

    private HttpResponse<String> send(CentreServer centre, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
