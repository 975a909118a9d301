package org.openkiosk.device.sscard;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a social security card (社会保障卡) holds in its EF05 (card data) and EF06 (holder) files.
 *
 * @param cardId        EF05 tag 01: the card identifier (卡识别码), as upper-case hex
 * @param issueDate     EF05 tag 05: issue date
 * @param expiryDate    EF05 tag 06: last day of validity
 * @param cardNumber    EF05 tag 07: the card number printed on the card
 * @param idNumber      EF06 tag 08: the social security number (the holder's citizen identity number)
 * @param idNumberValid whether {@code idNumber}'s GB 11643 check character is right
 * @param name          EF06 tag 09: the holder's name
 * @param sex           EF06 tag 0A: 男, 女 or 未说明
 * @param nation        EF06 tag 0B: the nation's name (e.g. 汉)
 * @param birthPlace    EF06 tag 0C: the six-digit region code of the place of birth
 * @param birthDate     EF06 tag 0D: date of birth
 */
public record SocialSecurityCard(String cardId, LocalDate issueDate, LocalDate expiryDate, String cardNumber,
        String idNumber, boolean idNumberValid, String name, String sex, String nation, String birthPlace,
        LocalDate birthDate) {

    public SocialSecurityCard {
        Objects.requireNonNull(cardId, "cardId");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(expiryDate, "expiryDate");
        Objects.requireNonNull(cardNumber, "cardNumber");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(birthPlace, "birthPlace");
        Objects.requireNonNull(birthDate, "birthDate");
    }

    /** Says which card it is without the holder's personal data, so it is safe in logs. */
    @Override
    public String toString() {
        String masked = idNumber.length() > 4 ? "*".repeat(idNumber.length() - 4) + idNumber.substring(idNumber.length() - 4)
                : "****";
        return "SocialSecurityCard[id " + masked + (idNumberValid ? "" : " (check char wrong)") + ", expires "
                + expiryDate + "]";
    }
}
