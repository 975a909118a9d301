package org.openkiosk.centre.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.ElicenceFixture;
import org.openkiosk.centre.db.PostgresServer;

/** The e-licence round trips on PostgreSQL (the production database), as on SQLite. */
@ExtendWith(PostgresServer.class)
class ElicencePostgresTest {

    @Test
    void issuedLicenceAndReusedDocumentOnPostgres() throws Exception {
        try (CentreServer centre = CentreServer.startOnPostgres(PostgresServer.newDatabase(), "127.0.0.1", 0)) {
            ElicenceFixture f = new ElicenceFixture(centre);
            ElicenceRoundTrip.issuedLicenceIsReferredToLater(f);
            ElicenceRoundTrip.documentGivenAtOneKioskIsReusedAtAnother(f);
        }
    }
}
