package org.openkiosk.device.idcard;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a reader got from an identity card's chip.
 *
 * @param cardType      which kind of card
 * @param name          the holder's name (for a foreigner's card: the Chinese name, or the English name when there is none)
 * @param sex           男, 女 or 未说明
 * @param nation        the nation's name (e.g. 汉); {@code ""} where the card has none
 * @param birthDate     date of birth
 * @param address       address; {@code ""} where the card has none
 * @param idNumber      the 18-character identity number (15 characters on a 2017 foreigner's card)
 * @param issuer        issuing authority (for a foreigner's card: the issuing office code)
 * @param validFrom     first day of validity
 * @param validUntil    last day of validity as {@code YYYY-MM-DD}, or {@code 长期}
 * @param permitNumber  the Hong Kong/Macao/Taiwan travel permit number on a J card; {@code null} otherwise
 * @param idNumberValid whether the identity number's check character (or, for a 15-character number, its form) is right
 * @param photoWlt      the photo as stored on the chip (WLT, 1024 bytes; decoding it needs the licensed library)
 */
public record IdCard(CardType cardType, String name, String sex, String nation, LocalDate birthDate, String address,
        String idNumber, String issuer, LocalDate validFrom, String validUntil, String permitNumber, boolean idNumberValid,
        byte[] photoWlt) {

    public IdCard {
        Objects.requireNonNull(cardType, "cardType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(nation, "nation");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        photoWlt = photoWlt == null ? new byte[0] : photoWlt.clone();
    }

    @Override
    public byte[] photoWlt() {
        return photoWlt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdCard c && cardType == c.cardType && name.equals(c.name) && sex.equals(c.sex)
                && nation.equals(c.nation) && birthDate.equals(c.birthDate) && address.equals(c.address)
                && idNumber.equals(c.idNumber) && issuer.equals(c.issuer) && validFrom.equals(c.validFrom)
                && validUntil.equals(c.validUntil) && Objects.equals(permitNumber, c.permitNumber)
                && idNumberValid == c.idNumberValid && Arrays.equals(photoWlt, c.photoWlt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cardType, name, idNumber, validFrom, validUntil) * 31 + Arrays.hashCode(photoWlt);
    }

    /** Says which card it is without a resident's personal data, so it is safe in logs. */
    @Override
    public String toString() {
        String masked = idNumber.length() > 4 ? "*".repeat(idNumber.length() - 4) + idNumber.substring(idNumber.length() - 4)
                : "****";
        return "IdCard[" + cardType.wireName() + ", id " + masked + (idNumberValid ? "" : " (check char wrong)")
                + ", valid until " + validUntil + ", photo " + photoWlt.length + " bytes]";
    }
}
