package org.openkiosk.app.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When the next heartbeat is due, by the injected clock: {@code every} after the last one, or at once when the
 * devices' report changed (a fault reaches the centre at the next round, while a fleet of healthy kiosks does not
 * fill its history). Entries that drift by themselves ({@code @disk-free-mb}) are no news.
 */
final class HeartbeatPace {

    /** Heartbeat entries that change by themselves and are no news: only their regular report carries them. */
    static final Set<String> DRIFTING = Set.of("@disk-free-mb");

    private final Clock clock;
    private final Duration every;
    private Instant last;
    private Map<String, String> lastDevices;

    /** @param every the least time between two heartbeats; zero: every round */
    HeartbeatPace(Clock clock, Duration every) {
        this.clock = clock;
        this.every = every;
    }

    /** True when a heartbeat with these devices should go now. */
    boolean due(Map<String, String> devices) {
        if (last == null || !clock.instant().isBefore(last.plus(every))) {
            return true;
        }
        return !withoutDrifting(devices).equals(withoutDrifting(lastDevices));
    }

    /** The centre took a heartbeat sent at {@code at} with these devices. */
    void sent(Instant at, Map<String, String> devices) {
        last = at;
        lastDevices = devices;
    }

    private static Map<String, String> withoutDrifting(Map<String, String> devices) {
        Map<String, String> news = new HashMap<>(devices);
        news.keySet().removeAll(DRIFTING);
        return news;
    }
}
