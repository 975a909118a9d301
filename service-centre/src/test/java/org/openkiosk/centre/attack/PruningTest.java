package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.count;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;

/**
 * Issue 13 item 7: what piles up is pruned on the centre's clock: partial uploads older than a day, enrolment
 * codes once used or expired, console sessions once expired; what is still current stays.
 */
class PruningTest {

    @TempDir
    Path dataDir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private CentreServer centre;
    private LimitsFixture client;

    @BeforeEach
    void start() {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, clock, FleetSettings.defaults());
        client = new LimitsFixture(centre);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void partialUploadsOlderThanADayArePruned() throws Exception {
        String token = client.enrol("K0001");
        put(token, "aa".repeat(32));
        clock.advance(Duration.ofHours(23));
        put(token, "bb".repeat(32));
        clock.advance(Duration.ofHours(2));

        centre.pruneNow();

        assertThat(count(dataDir, "SELECT count(*) FROM uploads WHERE sha256 = '" + "aa".repeat(32) + "'")).isZero();
        assertThat(count(dataDir, "SELECT count(*) FROM upload_chunks WHERE sha256 = '" + "aa".repeat(32) + "'")).isZero();
        assertThat(count(dataDir, "SELECT count(*) FROM uploads WHERE sha256 = '" + "bb".repeat(32) + "'"))
                .as("a partial upload of the last day stays").isEqualTo(1);
        assertThat(centre.stats().partialUploads()).isEqualTo(1);
    }

    @Test
    void usedAndExpiredCodesArePrunedAndAnUnusedCurrentOneStays() throws Exception {
        client.enrol("K0001"); // used
        centre.issueEnrolmentCode("K0002"); // will expire
        clock.advance(Duration.ofHours(25));
        String current = centre.issueEnrolmentCode("K0003").code();

        centre.pruneNow();

        assertThat(count(dataDir, "SELECT count(*) FROM enrolment_codes")).isEqualTo(1);
        assertThat(client.enrolWith(current).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredConsoleSessionsArePruned() throws Exception {
        client.staffToken();
        clock.advance(Duration.ofHours(9));
        client.staffToken();

        centre.pruneNow();

        assertThat(count(dataDir, "SELECT count(*) FROM staff_sessions")).isEqualTo(1);
    }

    private void put(String token, String sha) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(centre.baseUrl() + "/api/v1/uploads/" + sha + "?offset=0&length=2000"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
