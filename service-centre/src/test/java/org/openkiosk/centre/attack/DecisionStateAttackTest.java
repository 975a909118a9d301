package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;

/**
 * Issue 13 item 5: decisions follow {@code received → accepted | rejected | more-materials},
 * {@code accepted → completed}, {@code more-materials → received}; anything else, and a decision made on a version
 * of the application that is no longer current, is refused with 409.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.openkiosk.centre.db.PostgresServer.class)
class DecisionStateAttackTest {

    @TempDir
    Path dataDir;

    private DeskFixture f;
    private ApplicationSubmission app;
    private String clerk;
    private String approver;
    private String kiosk;

    @BeforeEach
    void start() throws Exception {
        CentreServer centre = CentreServer.start(dataDir, 0);
        f = new DeskFixture(centre);
        centre.saveStaff("clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
        centre.saveStaff("clerk2", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
        centre.saveStaff("approver", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.APPROVER));
        kiosk = f.enrol("K0001");
        app = f.submit(kiosk, "K0001", "pension-enrol");
        clerk = f.login("clerk");
        approver = f.login("approver");
    }

    @AfterEach
    void stop() {
        f.centre.close();
    }

    private String status() throws Exception {
        return f.view(approver, app.applicationId()).get("status").asText();
    }

    @Test
    void rejectedApplicationCannotBeCompleted() throws Exception {
        assertThat(f.decideCurrent(clerk, app.applicationId(), "reject", "材料不全", null).statusCode()).isEqualTo(200);

        HttpResponse<String> issued = f.decideCurrent(approver, app.applicationId(), "issue-result", null, "准予登记");

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(409);
        assertThat(f.json.readTree(issued.body()).get("error").asText()).contains("rejected").contains("completed");
        assertThat(status()).isEqualTo("rejected");
    }

    @Test
    void receivedApplicationCannotBeCompletedWithoutBeingAccepted() throws Exception {
        HttpResponse<String> issued = f.decideCurrent(approver, app.applicationId(), "issue-result", null, "准予登记");

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(409);
        assertThat(status()).isEqualTo("received");
    }

    @Test
    void rejectedApplicationCannotBeAcceptedAgain() throws Exception {
        assertThat(f.decideCurrent(clerk, app.applicationId(), "reject", "材料不全", null).statusCode()).isEqualTo(200);

        assertThat(f.decideCurrent(clerk, app.applicationId(), "accept", null, null).statusCode()).isEqualTo(409);
        assertThat(status()).isEqualTo("rejected");
    }

    @Test
    void viewAndListCarryTheApplicationsVersion() throws Exception {
        JsonNode view = f.view(clerk, app.applicationId());
        JsonNode list = f.json.readTree(f.send("GET", "/console/api/applications", clerk, null).body());

        assertThat(view.hasNonNull("version")).as(view.toString()).isTrue();
        assertThat(list.get(0).get("version").asLong()).isEqualTo(view.get("version").asLong());
    }

    @Test
    void staleDecisionIsRefused() throws Exception {
        long seen = f.view(clerk, app.applicationId()).path("version").asLong(1);
        // another clerk decides first on the same version
        assertThat(f.decide(f.login("clerk2"), app.applicationId(), "more-materials", "请补充户口簿本人页", null, seen)
                .statusCode()).isEqualTo(200);

        HttpResponse<String> late = f.decide(clerk, app.applicationId(), "reject", "材料不全", null, seen);

        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(f.json.readTree(late.body()).get("error").asText()).contains("version");
        assertThat(status()).isEqualTo("more-materials");
    }

    @Test
    void decisionWithoutAVersionIsRefused() throws Exception {
        HttpResponse<String> blind = f.decide(clerk, app.applicationId(), "accept", null, null, null);

        assertThat(blind.statusCode()).as(blind.body()).isEqualTo(400);
        assertThat(status()).isEqualTo("received");
    }

    @Test
    void moreMaterialsGoesBackToReceivedBeforeAnyOtherDecision() throws Exception {
        assertThat(f.decideCurrent(clerk, app.applicationId(), "more-materials", "请补充户口簿本人页", null).statusCode())
                .isEqualTo(200);

        assertThat(f.decideCurrent(clerk, app.applicationId(), "accept", null, null).statusCode()).isEqualTo(409);
        assertThat(f.decideCurrent(clerk, app.applicationId(), "materials-received", "窗口收到户口簿", null).statusCode())
                .isEqualTo(200);
        assertThat(status()).isEqualTo("received");
        assertThat(f.decideCurrent(clerk, app.applicationId(), "accept", null, null).statusCode()).isEqualTo(200);
        assertThat(status()).isEqualTo("accepted");
    }

    @Test
    void reissuedResultGetsANewDigestTheKioskSeesInItsStatusChanges() throws Exception {
        assertThat(f.decideCurrent(clerk, app.applicationId(), "accept", null, null).statusCode()).isEqualTo(200);
        assertThat(f.decideCurrent(approver, app.applicationId(), "issue-result", null, "准予登记").statusCode())
                .isEqualTo(200);
        assertThat(f.decideCurrent(approver, app.applicationId(), "issue-result", null, "准予登记").statusCode())
                .as("a re-issue needs a reason the resident can read").isEqualTo(400);

        HttpResponse<String> again = f.decideCurrent(approver, app.applicationId(), "issue-result",
                "更正：原通知书事项名称有误", "准予登记");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode changes = f.json.readTree(f.send("GET", "/api/v1/changes?since=0", kiosk, null).body()).get("changes");
        assertThat(changes.findValuesAsText("status")).containsExactly("received", "accepted", "completed", "completed");
        JsonNode last = changes.get(3);
        assertThat(last.path("resultSha256").asText()).hasSize(64)
                .isNotEqualTo(changes.get(2).path("resultSha256").asText());
        assertThat(changes.get(2).path("resultSha256").asText()).hasSize(64);
        byte[] result = f.bytes("/api/v1/applications/" + app.applicationId() + "/result", kiosk).body();
        assertThat(org.openkiosk.sync.api.Digests.sha256Hex(result)).isEqualTo(last.get("resultSha256").asText());
        JsonNode audit = f.json.readTree(f.send("GET", "/console/api/audit?application=" + app.applicationId(), approver,
                null).body());
        assertThat(audit.findValuesAsText("action")).contains("reissue-result");
    }

    @Test
    void concurrentDecisionsOnOneVersionAtTwoCentresOnPostgresLetOnlyOneThrough() throws Exception {
        String url = org.openkiosk.centre.db.PostgresServer.newDatabase();
        try (CentreServer a = CentreServer.startOnPostgres(url, "127.0.0.1", 0);
             CentreServer b = CentreServer.startOnPostgres(url, "127.0.0.1", 0)) {
            a.saveStaff("clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
            DeskFixture fa = new DeskFixture(a);
            DeskFixture fb = new DeskFixture(b);
            String kioskToken = fa.enrol("K0001");
            ApplicationSubmission shared = fa.submit(kioskToken, "K0001", "pension-enrol");
            String ta = fa.login("clerk");
            String tb = fb.login("clerk");
            long version = fa.view(ta, shared.applicationId()).get("version").asLong();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    DeskFixture f = i % 2 == 0 ? fa : fb;
                    String t = i % 2 == 0 ? ta : tb;
                    String action = i % 3 == 0 ? "accept" : "reject";
                    answers.add(pool.submit(() -> f.decide(t, shared.applicationId(), action, "并发", null, version)
                            .statusCode()));
                }
                java.util.List<Integer> codes = new java.util.ArrayList<>();
                for (var answer : answers) {
                    codes.add(answer.get());
                }
                assertThat(codes).containsOnly(200, 409);
                assertThat(codes.stream().filter(c -> c == 200).count()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            JsonNode changes = fa.json.readTree(fa.send("GET", "/api/v1/changes?since=0", kioskToken, null).body())
                    .get("changes");
            assertThat(changes).hasSize(2);
            assertThat(fa.view(ta, shared.applicationId()).get("version").asLong()).isEqualTo(version + 1);
        }
    }

    @Test
    void centreDecideRefusesADishonestTransition() {
        assertThatThrownBy(() -> f.centre.decide(app.applicationId(), "completed", null, "r.pdf", "application/pdf",
                new byte[] {7})).hasMessageContaining("received").hasMessageContaining("completed");
        assertThat(f.centre.decide(app.applicationId(), "accepted", null, null, null, null)).isTrue();
        assertThat(f.centre.decide(app.applicationId(), "completed", null, "r.pdf", "application/pdf", new byte[] {7}))
                .isTrue();
    }
}
