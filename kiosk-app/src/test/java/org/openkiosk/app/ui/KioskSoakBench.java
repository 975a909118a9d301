package org.openkiosk.app.ui;

import org.junit.jupiter.api.Test;

/**
 * The soak benchmark for a kiosk left on day and night: {@code scripts/soak.sh [TRIPS]} (default 300). Not part of the
 * normal suite (its name is no test's); it asserts nothing and prints figures every 50 trips.
 */
class KioskSoakBench extends SoakTrips {
    @Test
    void soak() throws Exception {
        startSoakKiosk();
        soak(Integer.getInteger("soak.trips", 300), Integer.getInteger("soak.every", 50));
    }
}
