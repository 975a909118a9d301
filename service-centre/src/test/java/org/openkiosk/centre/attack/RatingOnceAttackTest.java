package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;

/**
 * Issue 13 item 8: one rating per application. A kiosk (or whoever holds its token) that sends many ratings of one
 * application, each under a new ratingId, moves that application's one rating; it never adds to the count. The
 * latest rating (by when the resident rated) is the one kept, as the kiosk itself keeps only the latest.
 */
@ExtendWith(PostgresServer.class)
class RatingOnceAttackTest {

    private static final Instant FIRST = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dataDir;

    private CentreServer centre;
    private LimitsFixture client;
    private String token;
    private String applicationId;

    @BeforeEach
    void start() throws Exception {
        startWith(CentreServer.start(dataDir, 0));
    }

    private void startWith(CentreServer started) throws Exception {
        centre = started;
        client = new LimitsFixture(centre);
        token = client.enrol("K0001");
        newApplication();
    }

    private void newApplication() throws Exception {
        applicationId = UUID.randomUUID().toString();
        assertThat(client.send("POST", "/api/v1/applications", token, JSON.writeValueAsString(
                LimitsFixture.application(applicationId, "K0001"))).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    private RatingSubmission rating(int level, String reason, Instant at) {
        return new RatingSubmission(UUID.randomUUID().toString(), applicationId, "K0001", "hukou-transfer", level,
                reason, at);
    }

    private HttpResponse<String> rate(RatingSubmission r) throws Exception {
        return client.send("POST", "/api/v1/ratings", token, JSON.writeValueAsString(r));
    }

    @Test
    void manyRatingsOfOneApplicationCountOnceInTheSummary() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = rate(rating(5, null, FIRST.plusSeconds(i)));
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        }

        JsonNode matter = JSON.readTree(client.send("GET", "/console/api/ratings", client.staffToken(), null).body())
                .get("matters").get(0);
        assertThat(matter.get("count").asInt()).isEqualTo(1);
        assertThat(matter.get("levels").get("5").asInt()).isEqualTo(1);
        assertThat(centre.ratingsOf(applicationId)).hasSize(1);
    }

    @Test
    void aLaterRatingReplacesTheEarlierOneAndAnOlderResendChangesNothing() throws Exception {
        RatingSubmission poor = rating(1, "等了很久", FIRST);
        RatingSubmission good = rating(5, null, FIRST.plusSeconds(600));

        HttpResponse<String> first = rate(poor);
        HttpResponse<String> second = rate(good);
        HttpResponse<String> olderAgain = rate(poor); // a resend of the first, after the resident changed it

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(olderAgain.statusCode()).as("the kiosk marks it sent and moves on").isEqualTo(200);
        assertThat(JSON.readValue(olderAgain.body(), RatingReceipt.class).duplicate()).isTrue();
        assertThat(centre.ratingsOf(applicationId)).singleElement().satisfies(r -> {
            assertThat(r.ratingId()).isEqualTo(good.ratingId());
            assertThat(r.level()).isEqualTo(5);
        });
        JsonNode matter = JSON.readTree(client.send("GET", "/console/api/ratings", client.staffToken(), null).body())
                .get("matters").get(0);
        assertThat(matter.get("count").asInt()).isEqualTo(1);
        assertThat(matter.get("poor")).isEmpty();
    }

    @Test
    void onPostgresToo() throws Exception {
        centre.close();
        startWith(CentreServer.startOnPostgres(PostgresServer.newDatabase(), "127.0.0.1", 0));

        aLaterRatingReplacesTheEarlierOneAndAnOlderResendChangesNothing();
        newApplication();
        for (int i = 0; i < 20; i++) {
            assertThat(rate(rating(5, null, FIRST.plusSeconds(i))).statusCode()).isBetween(200, 201);
        }
        assertThat(centre.ratingsOf(applicationId)).hasSize(1);
        assertThat(JSON.readTree(client.send("GET", "/console/api/ratings", client.staffToken(), null).body())
                .get("matters").get(0).get("count").asInt()).as("two applications, one rating each").isEqualTo(2);
    }
}
