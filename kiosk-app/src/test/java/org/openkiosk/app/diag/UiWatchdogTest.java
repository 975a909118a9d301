package org.openkiosk.app.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The hang detection of {@link UiWatchdog}, on a fake clock and a UI queue the test runs (or does not run) by hand. */
class UiWatchdogTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final AtomicInteger hangs = new AtomicInteger();
    private final UiWatchdog dog = new UiWatchdog(uiQueue::add, Duration.ofSeconds(10), now::get, hangs::incrementAndGet);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aUiThatAnswersItsPingsIsNeverJudgedHung() {
        for (int i = 0; i < 20; i++) {
            assertThat(dog.tick()).isFalse();
            advance(Duration.ofSeconds(3));
            uiQueue.forEach(Runnable::run); // the UI thread runs what was posted
            uiQueue.clear();
        }
        assertThat(hangs).hasValue(0);
        assertThat(dog.pings()).isEqualTo(20);
    }

    @Test
    void aUiSilentForLongerThanTheLimitIsJudgedHungExactlyOnce() {
        assertThat(dog.tick()).isFalse();
        advance(Duration.ofSeconds(9));
        assertThat(dog.tick()).isFalse(); // not yet: within the limit
        advance(Duration.ofSeconds(2));
        assertThat(dog.tick()).isTrue();
        assertThat(dog.tick()).isTrue();
        assertThat(hangs).hasValue(1);
        assertThat(UiWatchdog.EXIT_HUNG).isNotIn(0, 1, 2);
    }

    @Test
    void heartbeatPaperStateIsReadFromThePrinterLine() {
        assertThat(HeartbeatContent.paperOf("serial /dev/x: online, paper near end")).isEqualTo("low");
        assertThat(HeartbeatContent.paperOf("serial /dev/x: offline, paper end")).isEqualTo("out");
        assertThat(HeartbeatContent.paperOf("serial /dev/x: online, paper OK")).isEqualTo("ok");
        assertThat(HeartbeatContent.paperOf("write failed: the port went away")).isEqualTo("unknown");
    }
}
