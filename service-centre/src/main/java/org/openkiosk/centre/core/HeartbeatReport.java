package org.openkiosk.centre.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openkiosk.sync.api.Heartbeat;

/**
 * One heartbeat, checked and taken apart: the queue figures, each device's state, and the kiosk's own
 * figures that travel in the devices map under {@code @} keys ({@code @paper}, {@code @disk-free-mb},
 * {@code @version}, see kiosk-app's {@code HeartbeatContent}). Heartbeats are untrusted input: every
 * field is bounded, and {@link #from} refuses what a kiosk would never send.
 *
 * @param devices    device name to its state as sent ({@code "down: paper end"}), without the {@code @} keys
 * @param paper      {@code ok}, {@code low}, {@code out} or {@code unknown}
 * @param diskFreeMb free disk in MB; null when the kiosk did not say or could not tell
 * @param deadLetters applications the centre refused for good that wait on the kiosk for a technician
 *                    ({@code @dead-letter}; 0 when the kiosk did not say)
 * @param untrustedContent what the kiosk last refused because the centre's signature did not verify (a catalogue or
 *                   result changed or made up on the way: {@code @untrusted-content}); null when nothing
 */
public record HeartbeatReport(int pending, int acknowledged, Instant lastSuccess, String lastError,
                              Map<String, String> devices, String paper, Long diskFreeMb, String version,
                              Instant kioskTime, int deadLetters, String untrustedContent) {

    public static final String PAPER = "@paper";
    public static final String DISK_FREE_MB = "@disk-free-mb";
    public static final String VERSION = "@version";
    public static final String DEAD_LETTERS = "@dead-letter";
    public static final String UNTRUSTED_CONTENT = "@untrusted-content";

    static final int MAX_DEVICES = 32;
    static final int MAX_STATE_LENGTH = 500;
    static final int MAX_ERROR_LENGTH = 1000;
    static final int MAX_QUEUE = 10_000_000;
    private static final Pattern DEVICE_NAME = Pattern.compile("@?[A-Za-z0-9._-]{1,64}");
    static final int MAX_VERSION_LENGTH = 64;
    private static final Set<String> PAPER_STATES = Set.of("ok", "low", "out", "unknown");
    private static final Set<String> DOWN_WORDS = Set.of("down", "error", "failed", "fault", "offline");

    public HeartbeatReport {
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    /**
     * Checks a heartbeat as received.
     *
     * @throws IllegalArgumentException naming what is wrong, for the kiosk's 400 answer
     */
    public static HeartbeatReport from(Heartbeat beat) {
        if (beat.pending() < 0 || beat.pending() > MAX_QUEUE) {
            throw new IllegalArgumentException("pending must be 0-" + MAX_QUEUE + ", not " + beat.pending());
        }
        if (beat.acknowledged() < 0) {
            throw new IllegalArgumentException("acknowledged must not be negative, not " + beat.acknowledged());
        }
        Map<String, String> sent = beat.devices() == null ? Map.of() : beat.devices();
        if (sent.size() > MAX_DEVICES) {
            throw new IllegalArgumentException("at most " + MAX_DEVICES + " devices, not " + sent.size());
        }
        Map<String, String> devices = new LinkedHashMap<>();
        String paper = "unknown";
        Long disk = null;
        String version = null;
        int deadLetters = 0;
        String untrusted = null;
        for (Map.Entry<String, String> e : sent.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (name == null || !DEVICE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a device name is 1-64 letters, digits, '.', '_' or '-'");
            }
            if (value.length() > MAX_STATE_LENGTH) {
                throw new IllegalArgumentException("the state of device " + name + " is longer than "
                        + MAX_STATE_LENGTH + " characters");
            }
            switch (name) {
                case PAPER -> {
                    paper = value.strip().toLowerCase(Locale.ROOT);
                    if (!PAPER_STATES.contains(paper)) {
                        throw new IllegalArgumentException(PAPER + " must be ok, low, out or unknown");
                    }
                }
                case DISK_FREE_MB -> {
                    try {
                        long mb = Long.parseLong(value.strip());
                        disk = mb < 0 ? null : mb;
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException(DISK_FREE_MB + " must be a whole number of MB");
                    }
                }
                case VERSION -> {
                    if (value.isBlank() || value.length() > MAX_VERSION_LENGTH) {
                        throw new IllegalArgumentException(VERSION + " must be 1-" + MAX_VERSION_LENGTH + " characters");
                    }
                    version = value.strip();
                }
                case DEAD_LETTERS -> deadLetters = deadLetterCount(value);
                case UNTRUSTED_CONTENT -> untrusted = value.isBlank() ? null : value.strip();
                default -> {
                    if (!name.startsWith("@")) {
                        devices.put(name, value);
                    }
                }
            }
        }
        String error = beat.lastError();
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH) + "…";
        }
        return new HeartbeatReport(beat.pending(), beat.acknowledged(), beat.lastSuccess(), error, devices, paper,
                disk, version, beat.at(), deadLetters, untrusted);
    }

    private static int deadLetterCount(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0 && n <= MAX_QUEUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DEAD_LETTERS + " must be a whole number 0-" + MAX_QUEUE);
    }

    /** The heartbeat as it is kept as the kiosk's latest: the devices map with the {@code @} figures back in. */
    public Heartbeat toHeartbeat(String kioskId) {
        Map<String, String> all = new LinkedHashMap<>(devices);
        all.put(PAPER, paper);
        if (diskFreeMb != null) {
            all.put(DISK_FREE_MB, String.valueOf(diskFreeMb));
        }
        if (version != null) {
            all.put(VERSION, version);
        }
        if (deadLetters > 0) {
            all.put(DEAD_LETTERS, String.valueOf(deadLetters));
        }
        if (untrustedContent != null) {
            all.put(UNTRUSTED_CONTENT, untrustedContent);
        }
        return new Heartbeat(kioskId, pending, acknowledged, lastSuccess, lastError, all, kioskTime);
    }

    /** Whether a device's state says it is not working ({@code "down: ..."}, {@code "error"}, {@code "FAULT"}...). */
    public static boolean isDown(String state) {
        if (state == null) {
            return false;
        }
        String word = state.split("[:\\s]", 2)[0].strip().toLowerCase(Locale.ROOT);
        return DOWN_WORDS.contains(word);
    }

    /** The devices that are down, in the order sent. */
    public Map<String, String> devicesDown() {
        Map<String, String> down = new LinkedHashMap<>();
        devices.forEach((k, v) -> {
            if (isDown(v)) {
                down.put(k, v);
            }
        });
        return down;
    }
}
