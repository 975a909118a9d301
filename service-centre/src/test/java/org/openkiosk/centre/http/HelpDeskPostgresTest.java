package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreHttp;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.HelpSocketClient;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;

/**
 * Remote help on PostgreSQL with two centre instances on one database: a request raised at one instance is listed by
 * the other (the requests live in the database), and the fleet figures count it at either.
 */
@ExtendWith(PostgresServer.class)
class HelpDeskPostgresTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String PASSWORD = "correct horse battery";

    @Test
    void aRequestRaisedAtOneInstanceIsListedAndCountedAtTheOther() throws Exception {
        String db = PostgresServer.newDatabase();
        HttpClient http = HttpClient.newHttpClient();
        try (CentreServer first = CentreServer.startOnPostgres(db, "127.0.0.1", 0);
             CentreServer second = CentreServer.startOnPostgres(db, "127.0.0.1", 0)) {
            first.saveStaff("helper", PASSWORD.toCharArray(), EnumSet.of(Role.HELP_DESK));
            String kiosk = KioskProtocolTest.enrol(first, http, "K0301");
            var login = CentreHttp.send(http, second, "POST", "/console/api/login", null,
                    "{\"username\":\"helper\",\"password\":\"" + PASSWORD + "\"}");
            String staffToken = JSON.readTree(login.body()).path("token").asText();
            try (HelpSocketClient k = HelpSocketClient.open(first, Protocol.HELP, kiosk);
                 HelpSocketClient staff = HelpSocketClient.open(first, HelpResource.STAFF_SOCKET, staffToken)) {
                k.send("{\"type\":\"request\",\"place\":\"甲村\",\"step\":\"HOME\"}");
                String id = k.awaitType("request").path("id").asText();
                String listed = CentreHttp.send(http, second, "GET", "/console/api/help", staffToken, null).body();
                assertThat(listed).contains(id, "K0301", "甲村");
                staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
                k.awaitType("taken");
                k.send("{\"type\":\"end\",\"reason\":\"resident\"}");
                staff.await(m -> "ended".equals(m.path("type").asText()), Duration.ofSeconds(10), "ended");
            }
            assertThat(second.help().openRequests()).isEmpty();
            assertThat(second.help().figures(Duration.ofDays(1))).singleElement()
                    .satisfies(f -> {
                        assertThat(f.kioskId()).isEqualTo("K0301");
                        assertThat(f.requests()).isEqualTo(1);
                        assertThat(f.taken()).isEqualTo(1);
                    });
        }
    }
}
