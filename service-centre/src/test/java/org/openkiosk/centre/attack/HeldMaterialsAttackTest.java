package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.ElicenceFixture;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetAlert;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.HeldMaterials;
import org.openkiosk.sync.api.MaterialReference;

/**
 * Issue 19's limits, attacked over HTTP: a kiosk (its token stolen, or the kiosk tampered with) asks about holders
 * whose card it did not read, asks too often, or uses references it was not granted; revoked and expired licences
 * are never offered. Each refusal is in the audit log.
 */
class HeldMaterialsAttackTest {

    @TempDir
    Path dataDir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T02:00:00Z"));
    private CentreServer centre;
    private ElicenceFixture f;
    private String kiosk;
    private String boss;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, clock, FleetSettings.defaults());
        f = new ElicenceFixture(centre);
        f.staff();
        kiosk = f.enrol("K0001");
        boss = f.login("boss");
        importLicences("""
                营业执照,92110105MA0010,110105199003071234,某区市场监督管理局,2025-03-01,,a.pdf
                """);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    private void importLicences(String rows) throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("import-" + System.nanoTime()));
        Files.write(folder.resolve("a.pdf"), "%PDF-1.4 licence".getBytes());
        Files.writeString(folder.resolve("l.csv"), "type,number,id_number,issuer,issued_on,valid_until,file\n" + rows);
        centre.elicences().importLicences(org.openkiosk.centre.core.ElicenceImport.read(folder.resolve("l.csv"), folder),
                "system");
    }

    @Test
    void lookupWithoutACardReadInTheSessionIsRefusedAndAudited() throws Exception {
        // no card session at all, a made-up one, another kiosk's, one the kiosk closed, one that expired
        HttpResponse<String> none = f.lookup(kiosk, null, "individual-business-change", ElicenceFixture.HOLDER, false);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
        assertThat(f.lookup(kiosk, "made-up-session-token", "individual-business-change", ElicenceFixture.HOLDER, false)
                .statusCode()).isEqualTo(403);

        String otherKiosk = f.enrol("K0002");
        String theirs = f.cardSession(otherKiosk, ElicenceFixture.HOLDER);
        HttpResponse<String> borrowed = f.lookup(kiosk, theirs, "individual-business-change", ElicenceFixture.HOLDER, false);
        assertThat(borrowed.statusCode()).as("another kiosk's card session").isEqualTo(403);

        String mine = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        assertThat(f.send("DELETE", "/api/v1/card-sessions/current", kiosk, null).statusCode()).isEqualTo(204);
        assertThat(f.lookup(kiosk, mine, "individual-business-change", ElicenceFixture.HOLDER, false).statusCode())
                .as("the resident's session ended").isEqualTo(403);

        String first = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        f.cardSession(kiosk, ElicenceFixture.OTHER_HOLDER); // the next resident's card closes the last one's session
        assertThat(f.lookup(kiosk, first, "individual-business-change", ElicenceFixture.HOLDER, false).statusCode())
                .as("a card session the kiosk replaced").isEqualTo(403);

        String expiring = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        clock.advance(Duration.ofMinutes(16));
        assertThat(f.lookup(kiosk, expiring, "individual-business-change", ElicenceFixture.HOLDER, false).statusCode())
                .as("an expired card session").isEqualTo(403);

        assertThat(f.audit(boss)).filteredOn(a -> a.startsWith("kiosk:K0001 held-material-refused"))
                .anyMatch(a -> a.endsWith("no card read in this kiosk's session"))
                .anyMatch(a -> a.contains("an unknown card session"))
                .anyMatch(a -> a.contains("another kiosk's card session (K0002)"))
                .anyMatch(a -> a.contains("a closed card session"))
                .anyMatch(a -> a.contains("an expired card session"));
        assertThat(f.audit(boss)).noneMatch(a -> a.contains("held-material-lookup"));
    }

    @Test
    void lookupForAnotherHolderThanTheCardReadIsRefusedAndAudited() throws Exception {
        String session = f.cardSession(kiosk, ElicenceFixture.OTHER_HOLDER);
        HttpResponse<String> r = f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("92110105MA0010");
        assertThat(f.audit(boss)).anyMatch(a -> a.startsWith("kiosk:K0001 held-material-refused another holder")
                && a.contains("110105********1234"));
        assertThat(f.audit(boss)).noneMatch(a -> a.contains("110105199003071234"));
    }

    @Test
    void lookupsBeyondTheRateLimitAreRefusedAuditedAndRaisedOnTheFleetPage() throws Exception {
        String session = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        for (int i = 1; i < 30; i++) {
            assertThat(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, false).statusCode())
                    .as("lookup %d", i).isEqualTo(200);
        }
        HttpResponse<String> over = f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, false);
        assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After")).isPresent();
        assertThat(f.send("POST", "/api/v1/card-sessions", kiosk,
                "{\"idNumber\":\"" + ElicenceFixture.OTHER_HOLDER + "\"}").statusCode())
                .as("opening card sessions counts too").isEqualTo(429);
        assertThat(f.audit(boss)).anyMatch(a -> a.startsWith("kiosk:K0001 held-material-refused held-material-lookup over the limit"));
        List<FleetAlert> alerts = centre.fleet().kiosk("K0001").orElseThrow().alerts();
        assertThat(alerts).anyMatch(a -> a.kind().equals("elicence-volume") && a.severity() == FleetAlert.Severity.CRITICAL);

        // another kiosk is not held back by this one, and the limit lifts when the window has passed
        String other = f.enrol("K0003");
        assertThat(f.lookup(other, f.cardSession(other, ElicenceFixture.HOLDER), "individual-business-change",
                ElicenceFixture.HOLDER, false).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        assertThat(f.lookup(kiosk, f.cardSession(kiosk, ElicenceFixture.HOLDER), "individual-business-change",
                ElicenceFixture.HOLDER, false).statusCode()).isEqualTo(200);
    }

    @Test
    void revokedAndExpiredLicencesAreNeverOffered() throws Exception {
        importLicences("""
                营业执照,92110105MA0011,11010519920101567X,某区市场监督管理局,2015-03-01,2020-02-29,a.pdf
                营业执照,92110105MA0012,11010519920101567X,某区市场监督管理局,2030-01-01,,a.pdf
                """);
        String session = f.cardSession(kiosk, ElicenceFixture.OTHER_HOLDER);
        assertThat(f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.OTHER_HOLDER, true))
                .held()).as("expired, and not yet valid").isEmpty();

        // granted while valid, revoked by an admin (a clerk may not), then used: never accepted
        session = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        HeldMaterials granted = f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, true));
        assertThat(granted.held()).singleElement().satisfies(h -> assertThat(h.number()).isEqualTo("92110105MA0010"));
        String licenceId = null; // the licence granted, found by its number (the two imported share its time)
        for (var l : f.json.readTree(f.send("GET", "/console/api/elicences", boss, null).body()).get("elicences")) {
            if (l.get("number").asText().equals("92110105MA0010")) {
                licenceId = l.get("licenceId").asText();
            }
        }
        assertThat(licenceId).as("the granted licence in the register").isNotNull();
        String clerk = f.login("approver");
        assertThat(f.send("POST", "/console/api/elicences/" + licenceId + "/revoke", clerk,
                f.json.writeValueAsString(Map.of("reason", "x"))).statusCode()).as("not an admin").isEqualTo(403);
        HttpResponse<String> revoke = f.send("POST", "/console/api/elicences/" + licenceId + "/revoke", boss,
                f.json.writeValueAsString(Map.of("reason", "营业执照已注销")));
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);

        assertThat(f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, false)).held())
                .as("a revoked licence").isEmpty();
        ApplicationSubmission app = f.submit(kiosk, "K0001", "individual-business-change", ElicenceFixture.HOLDER,
                List.of(), ElicenceFixture.references(granted));
        var held = f.view(boss.isEmpty() ? clerk : clerk, app.applicationId()).get("heldMaterials").get(0);
        assertThat(held.get("valid").asBoolean()).isFalse();
        assertThat(held.get("note").asText()).contains("revoked").contains("请补交纸质材料");
        assertThat(f.bytes("/console/api/applications/" + app.applicationId() + "/held/0", clerk).statusCode())
                .isEqualTo(404);
        assertThat(f.audit(boss)).anyMatch(a -> a.startsWith("boss elicence-revoke") && a.contains("营业执照已注销"))
                .anyMatch(a -> a.startsWith("kiosk:K0001 held-material-use-refused"));
    }

    @Test
    void referencesGrantedToAnotherKioskOrHolderAreNotAccepted() throws Exception {
        String session = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        HeldMaterials granted = f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, true));
        List<MaterialReference> refs = ElicenceFixture.references(granted);

        String thief = f.enrol("K0009");
        ApplicationSubmission stolen = f.submit(thief, "K0009", "individual-business-change", ElicenceFixture.HOLDER,
                List.of(), refs);
        ApplicationSubmission otherHolder = f.submit(kiosk, "K0001", "individual-business-change",
                ElicenceFixture.OTHER_HOLDER, List.of(), refs);
        ApplicationSubmission madeUp = f.submit(kiosk, "K0001", "individual-business-change", ElicenceFixture.HOLDER,
                List.of(), List.of(new MaterialReference("business-licence", "e-licence", "EL-made-up", "营业执照", "1")));
        String clerk = f.login("approver");
        assertThat(f.view(clerk, stolen.applicationId()).get("heldMaterials").get(0).get("note").asText())
                .contains("another kiosk");
        assertThat(f.view(clerk, otherHolder.applicationId()).get("heldMaterials").get(0).get("note").asText())
                .contains("another holder");
        assertThat(f.view(clerk, madeUp.applicationId()).get("heldMaterials").get(0).get("valid").asBoolean()).isFalse();
        assertThat(f.audit(boss)).filteredOn(a -> a.contains("held-material-use-refused")).hasSize(3);
    }
}
