package org.openkiosk.app.ui.technician;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.diag.TechnicianTools.PinLockout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technician PIN pad's lockout policy, without a screen: after {@value #MAX_TRIES} wrong PINs in a row the pad is
 * locked for {@link #LOCKOUT}. The count and the end of the lock (wall-clock time, as a restart loses the monotonic
 * clock) are read through the lockout port when the policy is made, and saved through it before the pad answers, so
 * power-cycling the kiosk resets neither. One check at a time: while a PIN is being checked, {@link #begin} refuses a
 * second one, even from a pad closed and opened again meanwhile, so each check counts on from the one before and no
 * wrong try is lost.
 *
 * <p>Threads: {@link #begin}, {@link #finish}, {@link #locked} and {@link #minutesLeft} on the UI thread;
 * {@link Check#run} on a background thread (it hashes, slowly, and writes to the store).
 */
public final class PinLockoutPolicy {
    public static final int MAX_TRIES = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(PinLockoutPolicy.class);

    /** Where the lockout is kept and the PIN is checked: on a kiosk, {@link TechnicianTools} over the store. */
    public interface Port {
        PinLockout pinLockout();

        void savePinLockout(PinLockout lockout);

        boolean pinMatches(char[] pin);

        static Port of(TechnicianTools tools) {
            return new Port() {
                @Override
                public PinLockout pinLockout() {
                    return tools.pinLockout();
                }

                @Override
                public void savePinLockout(PinLockout lockout) {
                    tools.savePinLockout(lockout);
                }

                @Override
                public boolean pinMatches(char[] pin) {
                    return tools.pinMatches(pin);
                }
            };
        }
    }

    /** How one check ended. */
    public enum Result { RIGHT, WRONG, LOCKED }

    /**
     * One check's answer.
     *
     * @param triesLeft wrong PINs left before the lock (0 once locked)
     */
    public record Verdict(Result result, int triesLeft, PinLockout after) {
    }

    private final Port port;
    private final Clock clock;
    /** As saved: read when the policy is made, replaced (on the UI thread) after each PIN checked. */
    private PinLockout lockout;
    private boolean checking;

    /** Reads the saved lockout once (one row of the kiosk's store), so the pad is never open before it is known. */
    public PinLockoutPolicy(Port port, Clock clock) {
        this.port = Objects.requireNonNull(port);
        this.clock = Objects.requireNonNull(clock);
        this.lockout = saved(port);
    }

    private static PinLockout saved(Port port) {
        try {
            PinLockout saved = port.pinLockout();
            if (saved.lockedUntil() != null || saved.wrongTries() > 0) {
                LOG.warn("technician PIN pad: {} wrong PIN(s) saved, locked until {}", saved.wrongTries(),
                        saved.lockedUntil() == null ? "-" : saved.lockedUntil());
            }
            return saved;
        } catch (RuntimeException e) {
            LOG.error("technician PIN lockout could not be read; counting from nothing", e);
            return PinLockout.NONE;
        }
    }

    /** Whether the pad is locked now. */
    public boolean locked() {
        Instant until = lockout.lockedUntil();
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return false;
        }
        if (until.isAfter(now.plus(LOCKOUT))) {
            // the clock was set back since the lock began (a kiosk without a clock battery, before NTP): never longer
            // than LOCKOUT from now
            lockout = new PinLockout(lockout.wrongTries(), now.plus(LOCKOUT));
        }
        return true;
    }

    /** Whole minutes of lock left, rounded up and at least 1; meaningful while {@link #locked()}. */
    public long minutesLeft() {
        Instant until = lockout.lockedUntil();
        if (until == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), until);
        return Math.max(1, (left.toSeconds() + 59) / 60);
    }

    /** Whether a PIN is being checked now (its answer not yet {@link #finish finished}). */
    public boolean checking() {
        return checking;
    }

    /**
     * Begins checking {@code typed}, which the check then owns and wipes; null, and {@code typed} left alone, while a
     * check is already under way. The caller refuses locked pads first ({@link #locked()}).
     */
    public Check begin(char[] typed) {
        if (checking) {
            return null;
        }
        checking = true;
        return new Check(typed, lockout);
    }

    /** On the UI thread: the check's answer came back; the count goes on from it and a next check may begin. */
    public void finish(Verdict verdict) {
        checking = false;
        lockout = verdict.after();
        switch (verdict.result()) {
            case LOCKED -> LOG.warn("technician PIN pad locked until {} after {} wrong PINs", lockout.lockedUntil(),
                    MAX_TRIES);
            case WRONG -> LOG.warn("wrong technician PIN ({} of {})", lockout.wrongTries(), MAX_TRIES);
            case RIGHT -> { }
        }
    }

    /** On the UI thread: the check broke down (the hash could not be compared); nothing is counted, a next check may begin. */
    public void abandon() {
        checking = false;
    }

    /** The lockout after one more wrong PIN at {@code now}: the {@value #MAX_TRIES}th locks the pad. */
    static PinLockout afterWrongPin(PinLockout before, Instant now) {
        int tries = before.wrongTries() + 1;
        return tries >= MAX_TRIES ? new PinLockout(0, now.plus(LOCKOUT)) : new PinLockout(tries, null);
    }

    /** One PIN being checked: {@link #run} it off the UI thread, then hand its verdict to {@link #finish}. */
    public final class Check {
        private final char[] typed;
        private final PinLockout before;

        private Check(char[] typed, PinLockout before) {
            this.typed = typed;
            this.before = before;
        }

        /**
         * Compares the PIN with the stored hash, wipes it, and saves the new lockout before the pad answers (and even if
         * the pad is cancelled meanwhile: cancelling does not undo a try). A store that fails is logged; the pad then
         * goes on with the count in memory.
         */
        public Verdict run() {
            boolean matched;
            try {
                matched = port.pinMatches(typed);
            } finally {
                Arrays.fill(typed, '\0');
            }
            PinLockout after = matched ? PinLockout.NONE : afterWrongPin(before, clock.instant());
            if (!after.equals(before)) {
                try {
                    port.savePinLockout(after);
                } catch (RuntimeException e) {
                    LOG.error("technician PIN lockout could not be saved; it holds until the kiosk restarts", e);
                }
            }
            if (matched) {
                return new Verdict(Result.RIGHT, MAX_TRIES, after);
            }
            return after.lockedUntil() != null ? new Verdict(Result.LOCKED, 0, after)
                    : new Verdict(Result.WRONG, MAX_TRIES - after.wrongTries(), after);
        }
    }
}
