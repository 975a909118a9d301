package org.openkiosk.centre.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openkiosk.centre.db.LoginFailureRepository;

/**
 * Failed logins per user name, counted in the database (so every centre instance on it sees them) for
 * known and unknown names alike, so a lock-out says nothing about whether an account exists. After
 * {@link #FREE_FAILURES} failures in a row the name is locked for {@link #FIRST_LOCK}, doubling with each
 * further failure up to {@link #LONGEST_LOCK}; a successful login clears the count, and failures are
 * forgotten {@link #FORGET_AFTER} after the last one.
 */
public final class LoginThrottle {

    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    public static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int PRUNE_EVERY = 100;

    private final LoginFailureRepository failures;
    private final Clock clock;
    private final AtomicInteger sincePrune = new AtomicInteger();

    public LoginThrottle(LoginFailureRepository failures, Clock clock) {
        this.failures = failures;
        this.clock = clock;
    }

    /** Throws while {@code username} is locked out. */
    public void check(String username) {
        failures.of(username).ifPresent(f -> {
            if (f.count() < FREE_FAILURES) {
                return;
            }
            long until = f.lastFailedMs() + lock(f.count()).toMillis();
            long now = clock.millis();
            if (now < until) {
                throw new TooManyAttemptsException("too many failed logins for this user name: try again later",
                        Duration.ofMillis(until - now));
            }
        });
    }

    public void failed(String username) {
        long now = clock.millis();
        failures.recordFailure(username, now, now - FORGET_AFTER.toMillis());
        if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
            sincePrune.set(0);
            failures.forgetOlderThan(now - FORGET_AFTER.toMillis());
        }
    }

    public void succeeded(String username) {
        failures.clear(username);
    }

    static Duration lock(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }
}
