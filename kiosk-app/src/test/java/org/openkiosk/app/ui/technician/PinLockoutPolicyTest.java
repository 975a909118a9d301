package org.openkiosk.app.ui.technician;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.diag.TechnicianTools.PinLockout;
import org.openkiosk.app.ui.technician.PinLockoutPolicy.Result;
import org.openkiosk.app.ui.technician.PinLockoutPolicy.Verdict;
import org.openkiosk.centre.MovableClock;

/** The PIN pad's lockout policy alone: no JavaFX, no store, no threads; the port is a list and time a movable clock. */
class PinLockoutPolicyTest {
    private static final String PIN = "246810";
    private static final String WRONG = "864200";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final MemoryPort port = new MemoryPort();

    /** The lockout kept in memory, every save recorded. */
    private static final class MemoryPort implements PinLockoutPolicy.Port {
        PinLockout kept = PinLockout.NONE;
        final List<PinLockout> saves = new ArrayList<>();
        final List<char[]> checked = new ArrayList<>();
        boolean failSaves;

        @Override
        public PinLockout pinLockout() {
            return kept;
        }

        @Override
        public void savePinLockout(PinLockout lockout) {
            if (failSaves) {
                throw new IllegalStateException("disk full");
            }
            kept = lockout;
            saves.add(lockout);
        }

        @Override
        public boolean pinMatches(char[] pin) {
            checked.add(pin);
            return String.valueOf(pin).equals(PIN);
        }
    }

    private static Verdict check(PinLockoutPolicy policy, String pin) {
        Verdict v = policy.begin(pin.toCharArray()).run();
        policy.finish(v);
        return v;
    }

    @Test
    void fourWrongPinsCountDownAndTheFifthLocksForFiveMinutes() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        for (int left = 4; left >= 1; left--) {
            Verdict v = check(policy, WRONG);
            assertThat(v.result()).isEqualTo(Result.WRONG);
            assertThat(v.triesLeft()).isEqualTo(left);
        }
        assertThat(policy.locked()).isFalse();
        Verdict fifth = check(policy, WRONG);
        assertThat(fifth.result()).isEqualTo(Result.LOCKED);
        assertThat(policy.locked()).isTrue();
        assertThat(policy.minutesLeft()).isEqualTo(5);
        assertThat(port.kept).isEqualTo(new PinLockout(0, clock.instant().plus(PinLockoutPolicy.LOCKOUT)));
    }

    @Test
    void eachTryIsSavedBeforeThePadAnswers() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        Verdict v = policy.begin(WRONG.toCharArray()).run();
        assertThat(port.kept).as("saved by the check itself, before finish").isEqualTo(new PinLockout(1, null));
        policy.finish(v);
        assertThat(port.saves).hasSize(1);
    }

    @Test
    void theLockOutlivesARestartAndMinutesLeftRoundUp() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        for (int i = 0; i < PinLockoutPolicy.MAX_TRIES; i++) {
            check(policy, WRONG);
        }
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        PinLockoutPolicy restarted = new PinLockoutPolicy(port, clock);
        assertThat(restarted.locked()).isTrue();
        assertThat(restarted.minutesLeft()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        assertThat(restarted.locked()).isFalse();
    }

    @Test
    void wrongTriesCountOnAcrossARestartAndARightPinResetsThem() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        check(policy, WRONG);
        check(policy, WRONG);
        PinLockoutPolicy restarted = new PinLockoutPolicy(port, clock);
        assertThat(check(restarted, WRONG).triesLeft()).isEqualTo(2);
        assertThat(check(restarted, PIN).result()).isEqualTo(Result.RIGHT);
        assertThat(port.kept).isEqualTo(PinLockout.NONE);
        assertThat(check(restarted, WRONG).triesLeft()).isEqualTo(4);
    }

    @Test
    void aRightPinWithNothingToForgetSavesNothing() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        check(policy, PIN);
        assertThat(port.saves).isEmpty();
    }

    @Test
    void aClockSetBackNeverMakesTheLockLongerThanFiveMinutes() {
        port.kept = new PinLockout(0, clock.instant().plus(Duration.ofDays(1)));
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        assertThat(policy.locked()).isTrue();
        assertThat(policy.minutesLeft()).isEqualTo(5);
        clock.advance(PinLockoutPolicy.LOCKOUT);
        assertThat(policy.locked()).isFalse();
    }

    @Test
    void noSecondCheckBeginsWhileOneIsUnderWaySoEachCountsFromTheOneBefore() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        PinLockoutPolicy.Check first = policy.begin(WRONG.toCharArray());
        assertThat(policy.checking()).isTrue();
        assertThat(policy.begin(WRONG.toCharArray())).as("a pad reopened meanwhile starts no second check").isNull();
        policy.finish(first.run());
        assertThat(policy.checking()).isFalse();
        check(policy, WRONG);
        assertThat(port.kept).isEqualTo(new PinLockout(2, null));
    }

    @Test
    void theTypedPinIsWipedOnceChecked() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        char[] typed = WRONG.toCharArray();
        policy.finish(policy.begin(typed).run());
        assertThat(new String(typed)).isEqualTo("\0".repeat(WRONG.length()));
    }

    @Test
    void aStoreThatCannotBeReadCountsFromNothingAndOneThatCannotBeWrittenKeepsTheCountInMemory() {
        PinLockoutPolicy.Port broken = new PinLockoutPolicy.Port() {
            @Override
            public PinLockout pinLockout() {
                throw new IllegalStateException("store locked");
            }

            @Override
            public void savePinLockout(PinLockout lockout) {
                throw new IllegalStateException("store locked");
            }

            @Override
            public boolean pinMatches(char[] pin) {
                return false;
            }
        };
        PinLockoutPolicy policy = new PinLockoutPolicy(broken, clock);
        assertThat(policy.locked()).isFalse();
        for (int i = 0; i < PinLockoutPolicy.MAX_TRIES; i++) {
            check(policy, WRONG);
        }
        assertThat(policy.locked()).isTrue();
    }

    @Test
    void anAbandonedCheckCountsNothingAndFreesThePad() {
        PinLockoutPolicy policy = new PinLockoutPolicy(port, clock);
        policy.begin(WRONG.toCharArray());
        policy.abandon();
        assertThat(policy.checking()).isFalse();
        assertThat(check(policy, WRONG).triesLeft()).isEqualTo(4);
    }
}
