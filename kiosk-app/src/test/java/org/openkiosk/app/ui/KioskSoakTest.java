package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak benchmark's short version in the normal suite: it drives every kind of trip and measures. */
class KioskSoakTest extends SoakTrips {
    @Test
    void soakDrivesEveryKindOfTripAndMeasures() throws Exception {
        startSoakKiosk();
        soak(10, 5);
        assertThat(figures).hasSize(2).allSatisfy(f -> {
            assertThat(f.heapBytes()).isPositive();
            assertThat(f.nodes()).as("the home screen's nodes at least").isPositive();
            assertThat(f.fds()).isPositive();
        });
        assertThat(context.centre().applicationCount()).as("the applications reached the centre").isPositive();
    }
}
