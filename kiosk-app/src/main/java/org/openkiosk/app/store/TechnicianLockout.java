package org.openkiosk.app.store;

import java.time.Instant;

/**
 * The technician PIN pad's lockout as kept across restarts.
 *
 * @param wrongTries  wrong PINs in a row since the last right one or the last lock
 * @param lockedUntil the wall-clock end of the lock; null when the pad is not locked
 */
public record TechnicianLockout(int wrongTries, Instant lockedUntil) {
    public static final TechnicianLockout NONE = new TechnicianLockout(0, null);
}
