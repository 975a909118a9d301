package org.openkiosk.device.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openkiosk.device.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every device of a kiosk under watch, so one that disappears comes back without a restart. Each device's
 * {@code check()} is called on the injected scheduler: every {@code upInterval} while it is up, and while it is down
 * again and again with a growing pause ({@code minRetry} doubling up to {@code maxRetry}). The drivers reopen a port
 * that went away on their next call, so a check after a replug is the reconnection itself. Listeners hear of every
 * change of state (up to down, down to up), on the scheduler's thread.
 */
public final class DeviceSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSupervisor.class);

    /** How a device stands as far as the supervisor knows. */
    public enum State { UNKNOWN, UP, DOWN }

    /**
     * One device's health.
     *
     * @param device   the device kind ({@code idcard}, {@code printer}, {@code camera} ...)
     * @param state    up, down, or not yet checked
     * @param detail   the device's own line from its last check
     * @param since    when the device entered this state
     * @param failures checks failed in a row (0 while up)
     * @param checked  when it was last checked; null before the first check
     */
    public record Health(String device, State state, String detail, Instant since, int failures, Instant checked) {
        public boolean up() {
            return state == State.UP;
        }
    }

    /** Timing of the checks. */
    public record Settings(Duration upInterval, Duration minRetry, Duration maxRetry) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), Duration.ofMillis(500),
                Duration.ofSeconds(10));
    }

    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Watched> devices = new LinkedHashMap<>();
    private final List<Consumer<Health>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public DeviceSupervisor(ScheduledExecutorService scheduler, Settings settings, Clock clock) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
    }

    /** Puts a device under watch; {@code check} is its {@code Device::check} (which never throws). */
    public synchronized void watch(String device, Supplier<DeviceStatus> check) {
        Watched w = new Watched(device, check, new Health(device, State.UNKNOWN, "not checked yet", clock.instant(), 0, null));
        devices.put(device, w);
        if (running) {
            schedule(w, Duration.ZERO);
        }
    }

    /** Called on every change of a device's state. */
    public void addListener(Consumer<Health> listener) {
        listeners.add(listener);
    }

    /** Starts checking: every device at once, then on its own rhythm. */
    public synchronized void start() {
        running = true;
        devices.values().forEach(w -> schedule(w, Duration.ZERO));
    }

    /** Every watched device's health, in the order they were added. */
    public synchronized Map<String, Health> all() {
        Map<String, Health> out = new LinkedHashMap<>();
        devices.forEach((k, w) -> out.put(k, w.health));
        return out;
    }

    /** One device's health; a device not under watch is reported as unknown. */
    public synchronized Health health(String device) {
        Watched w = devices.get(device);
        return w != null ? w.health : new Health(device, State.UNKNOWN, "not watched", clock.instant(), 0, null);
    }

    /** Checks one device now, on the calling thread, and returns its new health (e.g. from a technician's button). */
    public Health checkNow(String device) {
        Watched w;
        synchronized (this) {
            w = devices.get(device);
        }
        if (w == null) {
            return health(device);
        }
        return run(w);
    }

    private Health run(Watched w) {
        DeviceStatus status;
        try {
            status = w.check.get();
            if (status == null) {
                status = DeviceStatus.failed(w.device, "the device gave no status");
            }
        } catch (RuntimeException e) {
            status = DeviceStatus.failed(w.device, "check failed: " + e);
        }
        Health before;
        Health after;
        synchronized (w) {
            before = w.health;
            Instant now = clock.instant();
            State state = status.ok() ? State.UP : State.DOWN;
            int failures = status.ok() ? 0 : before.failures() + 1;
            Instant since = state == before.state() ? before.since() : now;
            after = new Health(w.device, state, status.detail(), since, failures, now);
            w.health = after;
        }
        if (before.state() != after.state()) {
            if (after.state() == State.DOWN) {
                LOG.warn("{} is down: {}", w.device, after.detail());
            } else if (before.state() == State.DOWN) {
                LOG.info("{} is back after {} failed checks: {}", w.device, before.failures(), after.detail());
            }
            for (Consumer<Health> l : listeners) {
                try {
                    l.accept(after);
                } catch (RuntimeException e) {
                    LOG.warn("a device health listener failed: {}", e.toString());
                }
            }
        }
        return after;
    }

    private void tick(Watched w) {
        if (!running) {
            return;
        }
        Health h = run(w);
        schedule(w, h.up() ? settings.upInterval() : retryDelay(h.failures()));
    }

    /** The pause before the next check of a device that failed {@code failures} times in a row. */
    Duration retryDelay(int failures) {
        long ms = settings.minRetry().toMillis() << Math.min(20, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(ms, settings.maxRetry().toMillis()));
    }

    private synchronized void schedule(Watched w, Duration delay) {
        if (!running || scheduler.isShutdown()) {
            return;
        }
        try {
            if (w.next != null) {
                w.next.cancel(false);
            }
            w.next = scheduler.schedule(() -> tick(w), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("scheduler closed; {} no longer watched", w.device);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        devices.values().forEach(w -> {
            if (w.next != null) {
                w.next.cancel(false);
            }
        });
    }

    private static final class Watched {
        final String device;
        final Supplier<DeviceStatus> check;
        volatile Health health;
        ScheduledFuture<?> next;

        Watched(String device, Supplier<DeviceStatus> check, Health health) {
            this.device = device;
            this.check = check;
            this.health = health;
        }
    }
}
