package org.openkiosk.centre.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address, in memory (each centre instance keeps its own: an address can get
 * that many more tries per instance, which is fine for slowing a flood). {@code burst} requests at once,
 * then one per {@code every}. Addresses whose bucket is full again are forgotten when the table grows.
 */
final class AddressRateLimiter {

    private static final int MAX_ADDRESSES = 50_000;

    private record Bucket(double tokens, long atMs) {
    }

    private final int burst;
    private final long everyMs;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AddressRateLimiter(int burst, Duration every, Clock clock) {
        this.burst = burst;
        this.everyMs = every.toMillis();
        this.clock = clock;
    }

    /** Takes one request for {@code address}: {@link Duration#ZERO} if allowed, otherwise how long until it would be. */
    Duration take(String address) {
        long now = clock.millis();
        long[] waitMs = {0};
        buckets.compute(address, (k, b) -> {
            double tokens = b == null ? burst : refilled(b, now);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            waitMs[0] = (long) Math.ceil((1 - tokens) * everyMs);
            return new Bucket(tokens, now);
        });
        if (buckets.size() > MAX_ADDRESSES) {
            buckets.values().removeIf(b -> refilled(b, now) >= burst);
        }
        return Duration.ofMillis(waitMs[0]);
    }

    private double refilled(Bucket b, long now) {
        return Math.min(burst, b.tokens() + (double) Math.max(0, now - b.atMs()) / everyMs);
    }
}
