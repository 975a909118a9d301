package org.openkiosk.centre.core;

import java.time.Duration;

/** Too many attempts (failed logins of one user, requests from one address, logins at once): try again later. */
public final class TooManyAttemptsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyAttemptsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter} in whole seconds, rounded up, at least one: the {@code Retry-After} header's value. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
