package org.openkiosk.device.idcard;

import java.time.Duration;
import java.util.Objects;

/**
 * A card as read, with the time the reading exchange took.
 *
 * @param card     what the chip holds
 * @param exchange find, select and read of the attempt that succeeded, without the wait for a card to be placed
 */
public record TimedRead(IdCard card, Duration exchange) {
    public TimedRead {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(exchange, "exchange");
    }
}
