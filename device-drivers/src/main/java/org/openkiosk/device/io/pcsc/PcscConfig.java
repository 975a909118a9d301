package org.openkiosk.device.io.pcsc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a PC/SC card reader.
 *
 * @param reader   the reader's name, or a unique part of it; empty means the first reader that holds a card
 * @param cardWait how long {@link PcscCardService#connect} waits for a card to be inserted
 */
public record PcscConfig(Optional<String> reader, Duration cardWait) {
    public static final Duration DEFAULT_CARD_WAIT = Duration.ofSeconds(5);

    public PcscConfig {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(cardWait, "cardWait");
        reader = reader.map(String::strip).filter(r -> !r.isEmpty());
        if (cardWait.isNegative()) {
            throw new IllegalArgumentException("card wait must not be negative, got " + cardWait);
        }
    }

    /** Any reader, five seconds to insert a card. */
    public static PcscConfig anyReader() {
        return new PcscConfig(Optional.empty(), DEFAULT_CARD_WAIT);
    }
}
