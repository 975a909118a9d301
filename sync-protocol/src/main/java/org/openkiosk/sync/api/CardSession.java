package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * The holder whose ID card a kiosk has just read ({@link Protocol#CARD_SESSIONS}). The centre keeps one open card
 * session per kiosk, bound to the holder (a keyed hash of the ID number); every held-material lookup must present
 * its token and may only be about that holder. Opening another closes the kiosk's previous one; the kiosk closes it
 * when its resident's session ends.
 *
 * @param idNumber the number the card gave (request only)
 * @param name     the name the card gave (request only)
 * @param session  the session's token (answer only): shown to no one, sent with each lookup
 * @param expiresAt when the centre stops accepting it (answer only)
 */
public record CardSession(String idNumber, String name, String session, Instant expiresAt) {

    public static CardSession request(String idNumber, String name) {
        return new CardSession(idNumber, name, null, null);
    }

    @Override
    public String toString() {
        return "CardSession[idNumber=***, name=***, session=***, expiresAt=" + expiresAt + "]";
    }
}
