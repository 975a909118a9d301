package org.openkiosk.app.flow;

import java.time.LocalDate;
import org.openkiosk.device.idcard.IdCard;

/** The resident as read from the ID card chip: authoritative, never typed. */
public record Applicant(String name, String sex, String nation, LocalDate birthDate, String address, String idNumber,
                        String cardType, String validUntil) {

    /** The card type of a resident identified by the social security card. */
    public static final String SOCIAL_SECURITY_CARD = "social_security_card";

    /**
     * The resident as read from the social security card's chip: its holder file has no address and no validity of an
     * identity card, so those stay empty.
     */
    public static Applicant from(org.openkiosk.device.sscard.SocialSecurityCard card) {
        return new Applicant(card.name(), card.sex(), card.nation(), card.birthDate(), "", card.idNumber(),
                SOCIAL_SECURITY_CARD, card.expiryDate().toString());
    }

    public static Applicant from(IdCard card) {
        return new Applicant(card.name(), card.sex(), card.nation(), card.birthDate(), card.address(),
                card.idNumber(), card.cardType().wireName(), card.validUntil());
    }
}
