package org.openkiosk.app.diag;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a hung UI. Every {@code interval} it posts a ping to the UI thread (through {@code ui}, e.g.
 * {@code Platform::runLater}); when no ping has been answered for {@code limit}, it calls {@code onHang} once (the
 * launcher exits the process with {@link #EXIT_HUNG}, and systemd's {@code Restart=always} on the kiosk session, or
 * the launcher's loop, starts a fresh one). The time source is injected so the detection is tested without waiting.
 */
public final class UiWatchdog implements AutoCloseable {
    /** The exit code of a kiosk that ended because its UI hung. */
    public static final int EXIT_HUNG = 70;
    private static final Logger LOG = LoggerFactory.getLogger(UiWatchdog.class);

    /** Nanoseconds, like {@link System#nanoTime()}. */
    public interface Ticker {
        long nanos();
    }

    private final Executor ui;
    private final Duration limit;
    private final Ticker ticker;
    private final Runnable onHang;
    private final AtomicLong lastAnswer;
    private final AtomicLong pingsOut = new AtomicLong();
    private volatile boolean fired;
    private java.util.concurrent.ScheduledFuture<?> task;

    public UiWatchdog(Executor ui, Duration limit, Ticker ticker, Runnable onHang) {
        this.ui = ui;
        this.limit = limit;
        this.ticker = ticker;
        this.onHang = onHang;
        this.lastAnswer = new AtomicLong(ticker.nanos());
    }

    /** Pings every {@code interval} on {@code scheduler} until closed. */
    public UiWatchdog start(ScheduledExecutorService scheduler, Duration interval) {
        task = scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round: judge the last answer, then send the next ping. Returns whether the UI is judged hung. */
    public boolean tick() {
        if (fired) {
            return true;
        }
        long silent = ticker.nanos() - lastAnswer.get();
        if (silent > limit.toNanos()) {
            fired = true;
            LOG.error("the UI thread has not answered for {} ms (limit {} ms); restarting the kiosk",
                    TimeUnit.NANOSECONDS.toMillis(silent), limit.toMillis());
            onHang.run();
            return true;
        }
        pingsOut.incrementAndGet();
        try {
            ui.execute(() -> lastAnswer.set(ticker.nanos()));
        } catch (RuntimeException e) {
            LOG.warn("cannot ping the UI thread: {}", e.toString());
        }
        return false;
    }

    /** Pings sent so far. */
    public long pings() {
        return pingsOut.get();
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
