package org.openkiosk.app.diag;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openkiosk.device.health.DeviceSupervisor;

/**
 * Which devices can serve residents now, in plain names ({@code idcard}, {@code camera}, {@code printer}), for the
 * screens: they must not reach the drivers, so they see this instead of the {@link DeviceSupervisor}. A device not yet
 * checked counts as up, so a kiosk does not start with its services closed.
 */
public final class DeviceAvailability {
    /** Every device up, for models built without a kiosk (tests, previews). */
    public static final DeviceAvailability ALL_UP = new DeviceAvailability(null);

    private final DeviceSupervisor supervisor;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private DeviceAvailability(DeviceSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** A view of {@code supervisor}; listeners run on the supervisor's thread whenever a device goes down or comes back. */
    public static DeviceAvailability of(DeviceSupervisor supervisor) {
        DeviceAvailability a = new DeviceAvailability(supervisor);
        supervisor.addListener(h -> a.listeners.forEach(Runnable::run));
        return a;
    }

    /** The devices that are down now, sorted by name. */
    public Set<String> down() {
        if (supervisor == null) {
            return Set.of();
        }
        Set<String> down = new TreeSet<>();
        supervisor.all().forEach((name, h) -> {
            if (h.state() == DeviceSupervisor.State.DOWN) {
                down.add(name);
            }
        });
        return Collections.unmodifiableSet(down);
    }

    public boolean up(String device) {
        return !down().contains(device);
    }

    /**
     * One device's state as the supervisor last saw it.
     *
     * @param state  {@code up}, {@code down} or {@code unknown} (not checked yet)
     * @param detail the driver's own words (English), e.g. {@code SAM module ready on /dev/...}
     */
    public record State(String state, String detail) {
        public boolean up() {
            return "up".equals(state);
        }

        /** The one-line form the heartbeat and the diagnostic bundle carry: {@code "up: detail"}. */
        public String line() {
            return state + ": " + detail;
        }
    }

    /** Each watched device's state by name. */
    public Map<String, State> states() {
        Map<String, State> out = new java.util.LinkedHashMap<>();
        if (supervisor != null) {
            supervisor.all().forEach((name, h) -> out.put(name,
                    new State(h.state().name().toLowerCase(java.util.Locale.ROOT), h.detail())));
        }
        return out;
    }

    /** Each device's plain state line, e.g. {@code idcard -> "up: SAM module ready on /dev/..."}. */
    public Map<String, String> describe() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        states().forEach((name, s) -> out.put(name, s.line()));
        return out;
    }

    public void addListener(Runnable onChange) {
        listeners.add(onChange);
    }
}
