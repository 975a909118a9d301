package org.openkiosk.app.flow;

import java.time.LocalDate;
import org.openkiosk.device.idcard.IdCard;

/** The resident as read from the ID card chip: authoritative, never typed. */
public record Applicant(String name, String sex, String nation, LocalDate birthDate, String address, String idNumber,
                        String cardType, String validUntil) {

    public static Applicant from(IdCard card) {
        return new Applicant(card.name(), card.sex(), card.nation(), card.birthDate(), card.address(),
                card.idNumber(), card.cardType().wireName(), card.validUntil());
    }
}
