package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.JSON;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.db.PostgresServer;

/**
 * Issue 13 item 10: a stolen or retired kiosk's token is ended at once, and an enrolment code that was
 * superseded by a newer one for the same kiosk cannot be used.
 */
@ExtendWith(PostgresServer.class)
class KioskRevocationAttackTest {

    @TempDir
    Path dataDir;

    private CentreServer centre;
    private LimitsFixture client;
    private boolean onSqlite = true;

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
    void aRevokedKioskIsRefusedAtOnceAndToldToEnrolAgain() throws Exception {
        String stolen = client.enrol("K0001");
        String other = client.enrol("K0002");
        assertThat(client.send("GET", "/api/v1/changes", stolen, null).statusCode()).isEqualTo(200);

        assertThat(centre.revokeKiosk("K0001")).isTrue();

        HttpResponse<String> after = client.send("POST", "/api/v1/applications", stolen,
                JSON.writeValueAsString(LimitsFixture.application(UUID.randomUUID().toString(), "K0001")));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).get("error").asText()).contains("revoked").contains("enrol");
        assertThat(centre.applicationCount()).isZero();
        assertThat(client.send("GET", "/api/v1/changes", other, null).statusCode()).as("other kiosks go on").isEqualTo(200);
        if (onSqlite) {
            assertThat(LimitsFixture.count(dataDir, "SELECT count(*) FROM audit_log WHERE action = 'kiosk-revoke'"
                    + " AND detail LIKE '%K0001%'")).isEqualTo(1);
        }

        String renewed = client.enrol("K0001");
        assertThat(client.send("GET", "/api/v1/changes", renewed, null).statusCode()).as("enrolled again").isEqualTo(200);
        assertThat(client.send("GET", "/api/v1/changes", stolen, null).statusCode()).isEqualTo(401);
    }

    @Test
    void revokingAnUnknownKioskSaysSo() {
        assertThat(centre.revokeKiosk("K9999")).isFalse();
    }

    @Test
    void aNewCodeInvalidatesTheKiosksOlderUnusedCodes() throws Exception {
        String older = centre.issueEnrolmentCode("K0001").code();
        String otherKiosks = centre.issueEnrolmentCode("K0002").code();
        String newer = centre.issueEnrolmentCode("K0001").code();

        HttpResponse<String> withOlder = client.enrolWith(older);

        assertThat(withOlder.statusCode()).as(withOlder.body()).isEqualTo(403);
        assertThat(client.enrolWith(newer).statusCode()).isEqualTo(200);
        assertThat(client.enrolWith(otherKiosks).statusCode()).as("another kiosk's code is untouched").isEqualTo(200);
        if (onSqlite) {
            assertThat(LimitsFixture.count(dataDir, "SELECT count(*) FROM audit_log WHERE action = 'kiosk-code'"
                    + " AND detail LIKE '%K0001%'")).isEqualTo(2);
        }
    }

    @Test
    void onPostgresToo() throws Exception {
        centre.close();
        centre = CentreServer.startOnPostgres(PostgresServer.newDatabase(), "127.0.0.1", 0);
        client = new LimitsFixture(centre);
        onSqlite = false;

        aRevokedKioskIsRefusedAtOnceAndToldToEnrolAgain();
        revokingAnUnknownKioskSaysSo();
        aNewCodeInvalidatesTheKiosksOlderUnusedCodes();
    }
}
