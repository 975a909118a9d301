package org.openkiosk.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void waitsTheIntervalWhileThingsWork() {
        assertThat(new Backoff(Duration.ofMinutes(5), () -> 0.7).delay(INTERVAL, 0)).isEqualTo(INTERVAL);
    }

    @Test
    void doublesPerFailureWithinHalfToFullCeiling() {
        Backoff lowest = new Backoff(Duration.ofMinutes(5), () -> 0.0);
        Backoff highest = new Backoff(Duration.ofMinutes(5), () -> 0.999_999);

        assertThat(lowest.delay(INTERVAL, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(highest.delay(INTERVAL, 1)).isBetween(Duration.ofMillis(59_990), Duration.ofSeconds(60));
        assertThat(lowest.delay(INTERVAL, 2)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void neverWaitsLongerThanTheCap() {
        Backoff highest = new Backoff(Duration.ofMinutes(5), () -> 0.999_999);

        assertThat(highest.delay(INTERVAL, 50)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(highest.delay(Duration.ofMinutes(10), 3)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }
}
