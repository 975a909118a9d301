package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kiosk-facing paths, written once for the centre's routes and the kiosk's requests. */
class ProtocolTest {

    @Test
    void everyKioskFacingPathLivesUnderTheBasePath() {
        for (String path : new String[] {Protocol.ENROL, Protocol.APPLICATIONS, Protocol.APPLICATION,
                Protocol.APPLICATION_RESULT, Protocol.CHANGES, Protocol.UPLOADS, Protocol.UPLOAD, Protocol.HEARTBEAT,
                Protocol.CATALOGUE, Protocol.RATINGS, Protocol.STATS, Protocol.HEALTH}) {
            assertThat(path).startsWith(Protocol.BASE + "/");
        }
        assertThat(Protocol.BASE).isEqualTo("/api/v1");
    }

    @Test
    void fillsTheRouteTemplatesTheCentreDeclares() {
        String sha = "ab".repeat(32);
        assertThat(Protocol.upload(sha)).isEqualTo(Protocol.UPLOAD.replace("{sha256}", sha))
                .isEqualTo("/api/v1/uploads/" + sha);
        assertThat(Protocol.applicationResult("3f1e2d4c-5b6a"))
                .isEqualTo(Protocol.APPLICATION_RESULT.replace("{id}", "3f1e2d4c-5b6a"))
                .isEqualTo("/api/v1/applications/3f1e2d4c-5b6a/result");
    }

    @Test
    void anApplicationIdCannotStepOutOfItsPathSegment() {
        assertThat(Protocol.applicationResult("../../stats?x=1"))
                .isEqualTo("/api/v1/applications/..%2F..%2Fstats%3Fx%3D1/result");
    }
}
