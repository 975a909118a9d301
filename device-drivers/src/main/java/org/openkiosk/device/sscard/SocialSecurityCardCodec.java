package org.openkiosk.device.sscard;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.idcard.Nations;

/**
 * The social security card's APDUs and field encodings (LD/T 32.5-2015), pure bytes in and values out.
 *
 * <p>Select the application by its DF name "sx1.sh.社会保障" (GBK), select EF05 or EF06 by file identifier, then read
 * each field as the record whose identifier is its tag: {@code 00 B2 <tag> 00 <Le>}. The card answers with the record
 * whole, {@code <tag> <length> <value>}. SELECTs ask for no response data (P2 = 0C): the card has nothing the reader
 * needs in the FCI, and the vsmartcard emulator used in tests fails on P2 = 00.
 *
 * <p>Value encodings: dates 4 bytes BCD (YYYYMMDD), the nation 1 byte BCD (GB/T 3304 code), the birthplace 3 bytes
 * BCD (region code), sex one ASCII digit ({@code 1} male, {@code 2} female), the name GBK padded with spaces (or 00 or
 * FF), numbers ASCII.
 */
public final class SocialSecurityCardCodec {
    /** "sx1.sh.社会保障" in GBK: the application's DF name. */
    public static final byte[] APPLICATION_NAME = HexFormat.of().parseHex("7378312E73682EC9E7BBE1B1A3D5CF");
    public static final int EF05 = 0xEF05;
    public static final int EF06 = 0xEF06;

    public static final int TAG_CARD_ID = 0x01;
    public static final int TAG_ISSUE_DATE = 0x05;
    public static final int TAG_EXPIRY_DATE = 0x06;
    public static final int TAG_CARD_NUMBER = 0x07;
    public static final int TAG_ID_NUMBER = 0x08;
    public static final int TAG_NAME = 0x09;
    public static final int TAG_SEX = 0x0A;
    public static final int TAG_NATION = 0x0B;
    public static final int TAG_BIRTH_PLACE = 0x0C;
    public static final int TAG_BIRTH_DATE = 0x0D;

    private static final Charset GBK = Charset.forName("GBK");

    private SocialSecurityCardCodec() {
    }

    /** {@code 00 A4 04 0C 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF}. */
    public static CommandAPDU selectApplication() {
        return new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, APPLICATION_NAME);
    }

    /** {@code 00 A4 02 0C 02 <fid>}, e.g. {@code ... EF 05}. */
    public static CommandAPDU selectFile(int fid) {
        return new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {(byte) (fid >> 8), (byte) fid});
    }

    /** {@code 00 B2 <tag> 00 <Le>} with Le = the longest record the tag can have (tag and length bytes included). */
    public static CommandAPDU readRecord(int tag) {
        return new CommandAPDU(0x00, 0xB2, tag, 0x00, 2 + maxLength(tag));
    }

    /** The longest value each tag holds. */
    public static int maxLength(int tag) {
        return switch (tag) {
            case TAG_CARD_ID -> 16;
            case TAG_ISSUE_DATE, TAG_EXPIRY_DATE, TAG_BIRTH_DATE -> 4;
            case TAG_CARD_NUMBER -> 9;
            case TAG_ID_NUMBER -> 18;
            case TAG_NAME -> 30;
            case TAG_SEX, TAG_NATION -> 1;
            case TAG_BIRTH_PLACE -> 3;
            default -> throw new IllegalArgumentException(String.format("no such field tag %02X", tag));
        };
    }

    /**
     * The value of a record as read: checks that it starts with {@code tag}, that its length byte fits the data and
     * the tag's maximum, and returns the value bytes.
     */
    public static byte[] value(int tag, byte[] record) throws ProtocolException {
        if (record.length < 2) {
            throw new ProtocolException(String.format("record %02X: %d bytes, too short for tag and length", tag,
                    record.length), record);
        }
        if ((record[0] & 0xFF) != tag) {
            throw new ProtocolException(String.format("record %02X: starts with tag %02X", tag, record[0] & 0xFF), record);
        }
        int length = record[1] & 0xFF;
        if (length > record.length - 2 || length > maxLength(tag)) {
            throw new ProtocolException(String.format("record %02X: length byte says %d, record has %d, field holds at most %d",
                    tag, length, record.length - 2, maxLength(tag)), record);
        }
        return Arrays.copyOfRange(record, 2, 2 + length);
    }

    /** Four BCD bytes YYYYMMDD as a date. */
    public static LocalDate date(int tag, byte[] value) throws ProtocolException {
        String digits = bcd(tag, value);
        if (digits.length() != 8) {
            throw new ProtocolException(String.format("record %02X: a date needs 4 BCD bytes", tag), value);
        }
        try {
            return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                    Integer.parseInt(digits.substring(6, 8)));
        } catch (DateTimeException e) {
            throw new ProtocolException(String.format("record %02X: %s is not a date", tag, digits), value);
        }
    }

    /** BCD bytes as their decimal digits. */
    public static String bcd(int tag, byte[] value) throws ProtocolException {
        StringBuilder b = new StringBuilder(value.length * 2);
        for (byte x : value) {
            int hi = (x >> 4) & 0x0F;
            int lo = x & 0x0F;
            if (hi > 9 || lo > 9) {
                throw new ProtocolException(String.format("record %02X: not BCD", tag), value);
            }
            b.append(hi).append(lo);
        }
        return b.toString();
    }

    /** GBK text without its padding (spaces, 00 or FF bytes at the end). */
    public static String text(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == 0 || value[end - 1] == (byte) 0xFF)) {
            end--;
        }
        return new String(value, 0, end, GBK).strip();
    }

    /** ASCII text without padding; non-printable bytes are a protocol error. */
    public static String ascii(int tag, byte[] value) throws ProtocolException {
        String s = text(value);
        if (!s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new ProtocolException(String.format("record %02X: not printable ASCII", tag), value);
        }
        return s;
    }

    /** {@code 1} 男, {@code 2} 女, {@code 0} or {@code 9} 未说明 (as an ASCII digit or a binary value). */
    public static String sex(byte[] value) throws ProtocolException {
        if (value.length == 1) {
            switch (value[0]) {
                case '1', 1 -> {
                    return "男";
                }
                case '2', 2 -> {
                    return "女";
                }
                case '0', '9', 0, 9 -> {
                    return "未说明";
                }
                default -> {
                    // reported below
                }
            }
        }
        throw new ProtocolException("record 0A: unknown sex code", value);
    }

    /** The nation's name for its one BCD byte. */
    public static String nation(byte[] value) throws ProtocolException {
        String code = bcd(TAG_NATION, value);
        if (!Nations.isKnown(code)) {
            throw new ProtocolException("record 0B: unknown nation code " + code, value);
        }
        return Nations.name(code);
    }

    /** Builds the card from the two files' values (used by the reader; the tests feed it exact bytes). */
    public static SocialSecurityCard card(byte[] cardId, byte[] issue, byte[] expiry, byte[] cardNumber, byte[] idNumber,
            byte[] name, byte[] sex, byte[] nation, byte[] birthPlace, byte[] birthDate) throws ProtocolException {
        String id = ascii(TAG_ID_NUMBER, idNumber);
        String holder = text(name);
        if (holder.isEmpty()) {
            throw new ProtocolException("record 09: the card has no name", name);
        }
        return new SocialSecurityCard(HexFormat.of().withUpperCase().formatHex(cardId), date(TAG_ISSUE_DATE, issue),
                date(TAG_EXPIRY_DATE, expiry), ascii(TAG_CARD_NUMBER, cardNumber), id, IdNumbers.isValid(id), holder,
                sex(sex), nation(nation), bcd(TAG_BIRTH_PLACE, birthPlace), date(TAG_BIRTH_DATE, birthDate));
    }
}
