package org.openkiosk.centre.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openkiosk.centre.db.AddressLimitRepository;

/**
 * A limit per client address, counted in the database so every centre instance on it counts the same requests
 * (a client spreading tries over the instances behind a load balancer gets no more): {@code burst} requests at
 * once, then one per {@code every}. Addresses whose allowance is full again are forgotten now and then.
 */
final class AddressRateLimiter {

    private static final int PRUNE_EVERY = 1_000;

    private final String name;
    private final int burst;
    private final long everyMs;
    private final AddressLimitRepository repository;
    private final Clock clock;
    private final AtomicInteger sincePrune = new AtomicInteger();

    AddressRateLimiter(String name, int burst, Duration every, AddressLimitRepository repository, Clock clock) {
        this.name = name;
        this.burst = burst;
        this.everyMs = every.toMillis();
        this.repository = repository;
        this.clock = clock;
    }

    /** Takes one request for {@code address}: {@link Duration#ZERO} if allowed, otherwise how long until it would be. */
    Duration take(String address) {
        long now = clock.millis();
        if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
            sincePrune.set(0);
            repository.forgetFull(now);
        }
        return Duration.ofMillis(repository.take(name, address, burst, everyMs, now));
    }
}
