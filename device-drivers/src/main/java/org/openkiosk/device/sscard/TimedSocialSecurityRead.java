package org.openkiosk.device.sscard;

import java.time.Duration;
import java.util.Objects;

/**
 * A social security card as read, with the time the reading took.
 *
 * @param card     what EF05 and EF06 hold
 * @param reader   the PC/SC reader the card was in
 * @param exchange the APDUs (select application, the two files, every record), without waiting for the card
 */
public record TimedSocialSecurityRead(SocialSecurityCard card, String reader, Duration exchange) {
    public TimedSocialSecurityRead {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(exchange, "exchange");
    }
}
