package org.openkiosk.app.sync;

import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;

/** The kiosk-to-centre round trips again with the centre's documents and results in an S3 store (Ceph's radosgw). */
@ExtendWith(CephServer.class)
class KioskToCentreS3Test extends KioskToCentreTest {

    private static S3Settings s3;

    @BeforeAll
    static void bucket() {
        s3 = CephServer.newBucket();
    }

    @Override
    CentreServer startCentre(int port) {
        return CentreServer.start(centreDir, null, s3, "127.0.0.1", port, Clock.systemUTC(), FleetSettings.defaults(),
                ClientOrigin.direct(), null);
    }
}
