package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.sync.api.Json;

/**
 * Issue 13 item 4 with several centre instances on one PostgreSQL (as production runs them): a password
 * guesser spreading tries over the instances is locked out on all of them, and a disabled account's
 * session ends on every instance.
 */
@ExtendWith(PostgresServer.class)
class ConsoleSessionPostgresAttackTest {

    private static final String PASSWORD = "correct horse battery";

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void guessesSpreadOverInstancesAreCountedTogetherAndADisabledAccountEndsEverywhere() throws Exception {
        String db = PostgresServer.newDatabase();
        try (CentreServer a = CentreServer.startOnPostgres(db, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                ClientOrigin.direct());
             CentreServer b = CentreServer.startOnPostgres(db, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                     ClientOrigin.direct())) {
            a.saveStaff("clerk", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
            a.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
            String viewerOnB = json.readTree(login(b, "viewer", PASSWORD).body()).get("token").asText();

            for (int i = 0; i < 5; i++) {
                assertThat(login(i % 2 == 0 ? a : b, "clerk", "guess " + i).statusCode()).isEqualTo(401);
            }

            assertThat(login(a, "clerk", PASSWORD).statusCode()).isEqualTo(429);
            assertThat(login(b, "clerk", PASSWORD).statusCode()).isEqualTo(429);
            assertThat(list(b, viewerOnB)).isEqualTo(200);
            assertThat(a.setStaffDisabled("viewer", true)).isTrue();
            assertThat(list(b, viewerOnB)).isEqualTo(401);
            assertThat(login(b, "viewer", PASSWORD).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> login(CentreServer centre, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("username", user, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private int list(CentreServer centre, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/applications"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
