package org.openkiosk.centre.core;

import java.time.Instant;
import java.util.List;

/**
 * One enrolled kiosk's health as the centre sees it now.
 *
 * @param state    {@link State#ONLINE}, {@link State#OFFLINE} (no heartbeat within the threshold) or
 *                 {@link State#NEVER_SEEN} (enrolled, no heartbeat yet)
 * @param lastSeen when its latest heartbeat arrived (centre's clock); null if never
 * @param latest   its latest heartbeat; null if never (or unreadable)
 * @param alerts   what is wrong, most severe first; empty when healthy
 */
public record KioskHealth(String kioskId, State state, Instant enrolledAt, Instant lastSeen, HeartbeatReport latest,
                          List<FleetAlert> alerts) {

    public enum State {
        ONLINE("在线"), OFFLINE("离线"), NEVER_SEEN("未上线");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** On the wire: {@code online}, {@code offline}, {@code never-seen}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The worst alert's severity; null when healthy. */
    public FleetAlert.Severity worst() {
        return alerts.stream().map(FleetAlert::severity).min(Enum::compareTo).orElse(null);
    }
}
