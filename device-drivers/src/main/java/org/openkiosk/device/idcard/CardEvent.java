package org.openkiosk.device.idcard;

import java.time.Instant;
import java.util.Objects;

/**
 * A card was laid on the reader or taken off it.
 *
 * @param kind {@link Kind#PLACED} or {@link Kind#REMOVED}
 * @param at   when the watcher noticed it
 */
public record CardEvent(Kind kind, Instant at) {
    /** What happened to the card. */
    public enum Kind {
        PLACED("placed"),
        REMOVED("removed");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** {@code placed} or {@code removed}: the word the {@code idcard watch} command prints. */
        public String wireName() {
            return wireName;
        }
    }

    public CardEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
