package org.openkiosk.app.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the kiosk last refused because the centre's signature did not verify, by kind ({@code catalogue},
 * {@code result}), until a later one of that kind verifies again. It travels in the heartbeat under
 * {@value #HEARTBEAT_KEY}, so the centre's fleet page shows the refusal even when a man in the middle only alters
 * what comes back.
 */
public final class ContentRefusals {

    /** The heartbeat entry the centre reads. */
    public static final String HEARTBEAT_KEY = "@untrusted-content";
    private static final int MAX_LENGTH = 480; // the centre takes heartbeat values of up to 500 characters

    private final Map<String, String> latest = new LinkedHashMap<>();

    /**
     * Notes a refusal; the same refusal again keeps the time it was first seen, so a refusal that repeats every round
     * does not make every round's heartbeat news.
     */
    synchronized void refused(String kind, String what, Instant at) {
        String earlier = latest.get(kind);
        if (earlier == null || !earlier.startsWith(what + " (")) {
            latest.put(kind, what + " (since " + at.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
    }

    synchronized void verified(String kind) {
        latest.remove(kind);
    }

    /** Empty when nothing is refused now. */
    public synchronized String summary() {
        String text = String.join("; ", latest.values());
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }

    /** {@code devices} with the refusal entry added when there is one (a new map; {@code devices} is not changed). */
    public Map<String, String> addTo(Map<String, String> devices) {
        String summary = summary();
        if (summary.isEmpty()) {
            return devices;
        }
        Map<String, String> all = new LinkedHashMap<>(devices);
        all.put(HEARTBEAT_KEY, summary);
        return all;
    }
}
