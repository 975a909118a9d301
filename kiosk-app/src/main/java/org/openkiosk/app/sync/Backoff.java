package org.openkiosk.app.sync;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next sync: the normal interval while things work; after
 * consecutive failures the interval doubled per failure, capped, with "equal jitter" (half fixed,
 * half random) so kiosks that lost the centre together do not all come back in the same second.
 */
final class Backoff {

    static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

    private final Duration cap;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    Backoff(Duration cap, DoubleSupplier random) {
        this.cap = cap;
        this.random = random;
    }

    Duration delay(Duration interval, int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return interval;
        }
        Duration cap = this.cap.compareTo(interval) > 0 ? this.cap : interval;
        Duration grown = interval.multipliedBy(1L << Math.min(consecutiveFailures, 20));
        Duration ceiling = grown.compareTo(cap) > 0 ? cap : grown;
        long halfMillis = ceiling.toMillis() / 2;
        return Duration.ofMillis(halfMillis + (long) (random.getAsDouble() * halfMillis));
    }
}
