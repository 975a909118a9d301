package org.openkiosk.centre.core;

/**
 * Something about a kiosk that staff should look at.
 *
 * @param kind what it is about: {@code offline}, {@code never-seen}, {@code device}, {@code paper},
 *             {@code sync}, {@code disk}, {@code queue}, {@code dead-letter} (applications refused for good
 *             waiting on the kiosk), {@code untrusted-content} (the kiosk refused a catalogue or result whose
 *             signature did not verify)
 * @param text plain Chinese for the console
 */
public record FleetAlert(String kioskId, Severity severity, String kind, String text) {

    /** Critical: the kiosk cannot serve residents (or nobody knows). Warning: it will soon, or something is off. */
    public enum Severity {
        CRITICAL, WARNING;

        /** On the wire: {@code critical}, {@code warning}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** For the console: 严重 / 警告. */
        public String label() {
            return this == CRITICAL ? "严重" : "警告";
        }
    }
}
