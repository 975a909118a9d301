package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.JSON;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;

/** Issue 13 item 7: {@code /api/v1/stats} (how many applications and kiosks) is told only to a kiosk or a staff member. */
class StatsTokenAttackTest {

    @TempDir
    Path dataDir;

    private CentreServer centre;
    private LimitsFixture client;

    @BeforeEach
    void start() {
        centre = CentreServer.start(dataDir, 0);
        client = new LimitsFixture(centre);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void statsWithoutATokenAre401() throws Exception {
        HttpResponse<String> none = client.send("GET", "/api/v1/stats", null, null);
        HttpResponse<String> wrong = client.send("GET", "/api/v1/stats", "made-up", null);

        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isNotBlank();
        assertThat(none.body()).doesNotContain("applications\"");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
    }

    @Test
    void statsAreToldToAKioskAndToAStaffMember() throws Exception {
        String kiosk = client.enrol("K0001");
        String staff = client.staffToken();

        HttpResponse<String> asKiosk = client.send("GET", "/api/v1/stats", kiosk, null);
        HttpResponse<String> asStaff = client.send("GET", "/api/v1/stats", staff, null);

        assertThat(asKiosk.statusCode()).as(asKiosk.body()).isEqualTo(200);
        assertThat(JSON.readTree(asKiosk.body()).get("kiosks").asLong()).isEqualTo(1);
        assertThat(asStaff.statusCode()).as(asStaff.body()).isEqualTo(200);
        assertThat(JSON.readTree(asStaff.body()).get("kiosks").asLong()).isEqualTo(1);
    }
}
