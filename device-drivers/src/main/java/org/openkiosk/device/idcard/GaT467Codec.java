package org.openkiosk.device.idcard;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.openkiosk.device.ProtocolException;

/**
 * The GA/T 467 SAM module protocol, pure bytes in and values out: request and reply frames, and the 256-byte text
 * block of each card kind. Used by {@link SerialIdCardReader} and, from the other side, by the simulator.
 *
 * <p>Frame: {@code AA AA AA 96 69}, a big-endian length of everything after it, then {@code CMD PARA [data]} (request)
 * or {@code SW1 SW2 SW3 [data]} (reply), then an XOR of the length bytes through the last data byte.
 */
public final class GaT467Codec {
    private static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, (byte) 0x69};
    /** Bytes before the body: preamble and the two length bytes. */
    public static final int HEADER_LENGTH = 7;
    /** The smallest length field: a request's CMD PARA and checksum. */
    public static final int MIN_BODY_LENGTH = 3;
    /** The largest length field any command produces (text, photo and 1024 bytes of fingerprints) plus slack. */
    public static final int MAX_BODY_LENGTH = 2400;

    public static final int TEXT_LENGTH = 256;
    public static final int PHOTO_LENGTH = 1024;

    public static final int SW3_SUCCESS = 0x90;
    public static final int SW3_CARD_FOUND = 0x9F;
    public static final int SW3_FIND_FAILED = 0x80;
    public static final int SW3_SELECT_FAILED = 0x81;
    public static final int SW3_NO_CONTENT = 0x91;
    public static final int SW3_BAD_CHECKSUM = 0x10;
    public static final int SW3_BAD_LENGTH = 0x11;
    public static final int SW3_BAD_COMMAND = 0x21;
    public static final int SW3_UNAUTHORISED = 0x23;
    public static final int SW3_UNKNOWN_ERROR = 0x24;
    public static final int SW3_CARD_AUTH_FAILED = 0x31;
    public static final int SW3_SAM_AUTH_FAILED = 0x32;
    public static final int SW3_INFO_CHECK_FAILED = 0x33;
    public static final int SW3_UNRECOGNISED_CARD = 0x40;
    public static final int SW3_READ_FAILED = 0x41;
    public static final int SW3_KEY_ERROR = 0x47;
    public static final int SW3_SELF_TEST_FAILED = 0x60;
    public static final int SW3_MODULE_NOT_AUTHORISED = 0x66;

    /** The commands this project sends, as CMD PARA. */
    public enum Command {
        FIND_CARD(0x20, 0x01),
        SELECT_CARD(0x20, 0x02),
        READ_TEXT_AND_PHOTO(0x30, 0x01),
        READ_NEW_ADDRESS(0x30, 0x03),
        READ_TEXT_PHOTO_FINGERPRINT(0x30, 0x10),
        RESET(0x10, 0xFF),
        STATUS(0x11, 0xFF),
        MODULE_SERIAL_NUMBER(0x12, 0xFF);

        private final int cmd;
        private final int para;

        Command(int cmd, int para) {
            this.cmd = cmd;
            this.para = para;
        }

        public int cmd() {
            return cmd;
        }

        public int para() {
            return para;
        }

        /** The command for CMD PARA, if it is one of these. */
        public static Optional<Command> of(int cmd, int para) {
            for (Command c : values()) {
                if (c.cmd == cmd && c.para == para) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** A parsed request frame. */
    public record Request(int cmd, int para, byte[] data) {
        public Request {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** A parsed reply frame. {@code raw} is the whole frame as received, for error reports. */
    public record Reply(int sw1, int sw2, int sw3, byte[] data, byte[] raw) {
        public Reply {
            data = data.clone();
            raw = raw.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }

        public boolean isSuccess() {
            return sw3 == SW3_SUCCESS;
        }
    }

    private GaT467Codec() {
    }

    // ------------------------------------------------------------------ status

    /** Every SW3 status the module sends, in plain text; unknown codes say so with their hex value. */
    public static String statusText(int sw3) {
        return switch (sw3 & 0xFF) {
            case SW3_SUCCESS -> "success";
            case SW3_CARD_FOUND -> "card found";
            case SW3_FIND_FAILED -> "no card found";
            case SW3_SELECT_FAILED -> "card select failed";
            case SW3_NO_CONTENT -> "no content on the card";
            case SW3_BAD_CHECKSUM -> "the module received a frame with a bad checksum";
            case SW3_BAD_LENGTH -> "the module received a frame with a bad length";
            case SW3_BAD_COMMAND -> "the module does not know this command";
            case SW3_UNAUTHORISED -> "operation not authorised";
            case SW3_UNKNOWN_ERROR -> "unknown error in the module";
            case SW3_CARD_AUTH_FAILED -> "card authentication failed (card and SAM do not trust each other)";
            case SW3_SAM_AUTH_FAILED -> "SAM authentication failed";
            case SW3_INFO_CHECK_FAILED -> "information check failed";
            case SW3_UNRECOGNISED_CARD -> "card not recognised";
            case SW3_READ_FAILED -> "reading the card failed (card moved or removed?)";
            case SW3_KEY_ERROR -> "key error in the SAM";
            case SW3_SELF_TEST_FAILED -> "module self-test failed";
            case SW3_MODULE_NOT_AUTHORISED -> "module not authorised";
            default -> String.format("unknown status %02X", sw3 & 0xFF);
        };
    }

    // ------------------------------------------------------------------ frames

    /** A copy of {@code AA AA AA 96 69}. */
    public static byte[] preamble() {
        return PREAMBLE.clone();
    }

    public static byte[] request(Command command) {
        return request(command.cmd(), command.para(), new byte[0]);
    }

    /** A request frame {@code preamble LEN CMD PARA data XOR}. */
    public static byte[] request(int cmd, int para, byte[] data) {
        byte[] head = {(byte) cmd, (byte) para};
        return frame(concat(head, data));
    }

    /** A reply frame {@code preamble LEN SW1 SW2 SW3 data XOR}. */
    public static byte[] reply(int sw1, int sw2, int sw3, byte[] data) {
        byte[] head = {(byte) sw1, (byte) sw2, (byte) sw3};
        return frame(concat(head, data));
    }

    /** A reply with SW1 SW2 = 00 00 and no data. */
    public static byte[] reply(int sw3) {
        return reply(0, 0, sw3, new byte[0]);
    }

    /** The find-card success reply, {@code ... 00 08 00 00 9F 00 00 00 00 97}. */
    public static byte[] cardFoundReply() {
        return reply(0, 0, SW3_CARD_FOUND, new byte[4]);
    }

    /** The select-card success reply (eight zero bytes of data). */
    public static byte[] cardSelectedReply() {
        return reply(0, 0, SW3_SUCCESS, new byte[8]);
    }

    /** The read-text-and-photo success reply for {@code card}: 1295 bytes. */
    public static byte[] readReply(IdCard card) {
        byte[] photo = Arrays.copyOf(card.photoWlt(), PHOTO_LENGTH);
        byte[] data = new byte[4 + TEXT_LENGTH + PHOTO_LENGTH];
        putU16(data, 0, TEXT_LENGTH);
        putU16(data, 2, PHOTO_LENGTH);
        System.arraycopy(encodeText(card), 0, data, 4, TEXT_LENGTH);
        System.arraycopy(photo, 0, data, 4 + TEXT_LENGTH, PHOTO_LENGTH);
        return reply(0, 0, SW3_SUCCESS, data);
    }

    /** XOR of {@code frame[from..to)}. */
    public static int xor(byte[] frame, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= frame[i];
        }
        return x & 0xFF;
    }

    /** Parses and validates a reply frame: preamble, length field against the frame size, and checksum. */
    public static Reply parseReply(byte[] frame) throws ProtocolException {
        checkFrame(frame, 4);
        return new Reply(frame[7] & 0xFF, frame[8] & 0xFF, frame[9] & 0xFF,
                Arrays.copyOfRange(frame, 10, frame.length - 1), frame);
    }

    /** Parses and validates a request frame (used by the simulator). */
    public static Request parseRequest(byte[] frame) throws ProtocolException {
        checkFrame(frame, 3);
        return new Request(frame[7] & 0xFF, frame[8] & 0xFF, Arrays.copyOfRange(frame, 9, frame.length - 1));
    }

    /** Whether the frame's last byte is the XOR of its length bytes through its last data byte. */
    public static boolean checksumOk(byte[] frame) {
        return frame != null && frame.length > HEADER_LENGTH
                && xor(frame, PREAMBLE.length, frame.length - 1) == (frame[frame.length - 1] & 0xFF);
    }

    private static void checkFrame(byte[] frame, int minBody) throws ProtocolException {
        if (frame == null || frame.length < HEADER_LENGTH + minBody) {
            throw new ProtocolException("frame too short: " + (frame == null ? 0 : frame.length) + " bytes", frame);
        }
        for (int i = 0; i < PREAMBLE.length; i++) {
            if (frame[i] != PREAMBLE[i]) {
                throw new ProtocolException("frame does not start with AA AA AA 96 69", frame);
            }
        }
        int length = u16(frame, 5);
        if (length != frame.length - HEADER_LENGTH || length < minBody) {
            throw new ProtocolException("bad length: field says " + length + ", frame has "
                    + (frame.length - HEADER_LENGTH) + " bytes after it", frame);
        }
        if (!checksumOk(frame)) {
            throw new ProtocolException(String.format("bad checksum: got %02X, computed %02X",
                    frame[frame.length - 1] & 0xFF, xor(frame, PREAMBLE.length, frame.length - 1)), frame);
        }
    }

    private static byte[] frame(byte[] body) {
        int length = body.length + 1;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("frame body too long: " + body.length);
        }
        byte[] frame = new byte[HEADER_LENGTH + length];
        System.arraycopy(PREAMBLE, 0, frame, 0, PREAMBLE.length);
        putU16(frame, 5, length);
        System.arraycopy(body, 0, frame, HEADER_LENGTH, body.length);
        frame[frame.length - 1] = (byte) xor(frame, PREAMBLE.length, frame.length - 1);
        return frame;
    }

    /**
     * Cuts a byte stream into frames: scans for the preamble, skips garbage and implausible length fields, and
     * returns whole frames (not yet validated: pass them to {@link #parseReply}). Never throws; every returned frame
     * or skip consumes bytes, so draining it always ends.
     */
    public static final class FrameScanner {
        private static final int CAPACITY = 4 * (HEADER_LENGTH + MAX_BODY_LENGTH);
        private final byte[] buf = new byte[CAPACITY];
        private int len;

        public void feed(byte[] data, int offset, int count) {
            if (count >= CAPACITY) {
                offset += count - CAPACITY;
                count = CAPACITY;
                len = 0;
            } else if (len + count > CAPACITY) {
                drop(len + count - CAPACITY);
            }
            System.arraycopy(data, offset, buf, len, count);
            len += count;
        }

        /** The next whole frame, if one has arrived. */
        public Optional<byte[]> next() {
            while (true) {
                int p = indexOfPreamble();
                if (p < 0) {
                    // keep a tail that could be the start of a preamble
                    drop(Math.max(0, len - (PREAMBLE.length - 1)));
                    return Optional.empty();
                }
                drop(p);
                if (len < HEADER_LENGTH) {
                    return Optional.empty();
                }
                int body = u16(buf, 5);
                if (body < MIN_BODY_LENGTH || body > MAX_BODY_LENGTH) {
                    drop(1);
                    continue;
                }
                if (len < HEADER_LENGTH + body) {
                    return Optional.empty();
                }
                byte[] frame = Arrays.copyOf(buf, HEADER_LENGTH + body);
                drop(frame.length);
                return Optional.of(frame);
            }
        }

        /** Bytes held that are not yet part of a returned frame. */
        public int buffered() {
            return len;
        }

        public void clear() {
            len = 0;
        }

        private int indexOfPreamble() {
            outer:
            for (int i = 0; i + PREAMBLE.length <= len; i++) {
                for (int j = 0; j < PREAMBLE.length; j++) {
                    if (buf[i + j] != PREAMBLE[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void drop(int n) {
            if (n <= 0) {
                return;
            }
            System.arraycopy(buf, n, buf, 0, len - n);
            len -= n;
        }
    }

    // ------------------------------------------------------------------ read reply and text block

    /** Decodes a read-text-and-photo reply (with or without fingerprints) into a card. */
    public static IdCard decodeReadReply(Reply reply) throws ProtocolException {
        byte[] data = reply.data();
        if (data.length < 4) {
            throw new ProtocolException("read reply too short for its length fields", reply.raw());
        }
        int textLength = u16(data, 0);
        int photoLength = u16(data, 2);
        if (textLength != TEXT_LENGTH || photoLength != PHOTO_LENGTH) {
            throw new ProtocolException("read reply says text " + textLength + " and photo " + photoLength
                    + " bytes; expected 256 and 1024", reply.raw());
        }
        int textAt = 4;
        int expected = 4 + TEXT_LENGTH + PHOTO_LENGTH;
        if (data.length != expected) {
            // with fingerprints: one more length field before the text
            int fingerprintLength = data.length >= 6 ? u16(data, 4) : -1;
            if (data.length != expected + 2 + fingerprintLength) {
                throw new ProtocolException("read reply has " + data.length + " data bytes, its length fields say "
                        + expected, reply.raw());
            }
            textAt = 6;
        }
        byte[] text = Arrays.copyOfRange(data, textAt, textAt + TEXT_LENGTH);
        byte[] photo = Arrays.copyOfRange(data, textAt + TEXT_LENGTH, textAt + TEXT_LENGTH + PHOTO_LENGTH);
        try {
            return decodeText(text, photo);
        } catch (ProtocolException e) {
            String message = e.getMessage();
            int hex = message.lastIndexOf(" [");
            throw new ProtocolException(hex < 0 ? message : message.substring(0, hex), reply.raw());
        }
    }

    /** Decodes the 256-byte UCS-2LE text block: resident card, J, I (2017) or Y (2023) card. */
    public static IdCard decodeText(byte[] text, byte[] photoWlt) throws ProtocolException {
        if (text == null || text.length != TEXT_LENGTH) {
            throw new ProtocolException("text block must be 256 bytes, got " + (text == null ? 0 : text.length), text);
        }
        char flag = field(text, 248, 2).isEmpty() ? ' ' : field(text, 248, 2).charAt(0);
        return switch (flag) {
            case ' ' -> decodeResidentLike(text, photoWlt, CardType.RESIDENT);
            case 'J' -> decodeResidentLike(text, photoWlt, CardType.HK_MACAO_TAIWAN_PERMIT);
            case 'I' -> decodeForeign2017(text, photoWlt);
            case 'Y' -> decodeForeign2023(text, photoWlt);
            default -> throw new ProtocolException("unknown card kind flag '" + flag + "' at text byte 248", text);
        };
    }

    private static IdCard decodeResidentLike(byte[] t, byte[] photo, CardType type) throws ProtocolException {
        String nation = "";
        String permit = null;
        if (type == CardType.RESIDENT) {
            String code = field(t, 32, 4);
            if (!Nations.isKnown(code)) {
                throw new ProtocolException("unknown nation code '" + code + "'", t);
            }
            nation = Nations.name(code);
        } else {
            permit = field(t, 220, 18);
        }
        String id = field(t, 122, 36);
        return new IdCard(type, required(t, 0, 30, "name"), sex(t, 30), nation, date(t, 36, "birth date"),
                field(t, 52, 70), id, field(t, 158, 30), date(t, 188, "valid-from date"), validUntil(t, 204),
                permit, IdNumbers.isValid(id), photo);
    }

    private static IdCard decodeForeign2017(byte[] t, byte[] photo) throws ProtocolException {
        String english = field(t, 0, 120);
        String chinese = field(t, 158, 30);
        String name = chinese.isEmpty() ? english : chinese;
        if (name.isEmpty()) {
            throw new ProtocolException("card has no name", t);
        }
        String id = field(t, 122, 30);
        return new IdCard(CardType.FOREIGN_PERMANENT_RESIDENT, name, sex(t, 120), "", date(t, 220, "birth date"), "",
                id, field(t, 240, 8), date(t, 188, "valid-from date"), validUntil(t, 204), null,
                id.matches("[A-Z]{3}[0-9]{12}"), photo);
    }

    /*
     * 2023 edition, laid out like the resident card (assumed; check against the immigration administration's
     * 2023 machine-readable rule): Chinese name 30, sex 2, renewal count 4, birth 16, English name 70, number 36,
     * issuer 30, valid-from 16, valid-until 16, English name continued 22, nationality 6, flag 2, reserved 6.
     */
    private static IdCard decodeForeign2023(byte[] t, byte[] photo) throws ProtocolException {
        String chinese = field(t, 0, 30);
        String english = (field(t, 52, 70) + field(t, 220, 22)).strip();
        String name = chinese.isEmpty() ? english : chinese;
        if (name.isEmpty()) {
            throw new ProtocolException("card has no name", t);
        }
        String id = field(t, 122, 36);
        return new IdCard(CardType.FOREIGN_PERMANENT_RESIDENT, name, sex(t, 30), "", date(t, 36, "birth date"), "",
                id, field(t, 158, 30), date(t, 188, "valid-from date"), validUntil(t, 204), null,
                IdNumbers.isValid(id) && id.startsWith("9"), photo);
    }

    /**
     * Encodes a card into the 256-byte text block (used by the simulator). A foreigner's card with an 18-digit number
     * is written in the 2023 layout, with a 15-character number in the 2017 one.
     *
     * @throws IllegalArgumentException if a field does not fit or a sex or nation is not in the standard
     */
    public static byte[] encodeText(IdCard card) {
        byte[] t = new byte[TEXT_LENGTH];
        put(t, 0, TEXT_LENGTH, "");
        String sex = sexCode(card.sex());
        String from = card.validFrom().toString().replace("-", "");
        String until = "长期".equals(card.validUntil()) ? "长期" : card.validUntil().replace("-", "");
        String birth = card.birthDate().toString().replace("-", "");
        switch (card.cardType()) {
            case RESIDENT, HK_MACAO_TAIWAN_PERMIT -> {
                boolean resident = card.cardType() == CardType.RESIDENT;
                put(t, 0, 30, card.name());
                put(t, 30, 2, sex);
                put(t, 32, 4, resident ? Nations.code(card.nation()) : "");
                put(t, 36, 16, birth);
                put(t, 52, 70, card.address());
                put(t, 122, 36, card.idNumber());
                put(t, 158, 30, card.issuer());
                put(t, 188, 16, from);
                put(t, 204, 16, until);
                if (!resident) {
                    put(t, 220, 18, card.permitNumber() == null ? "" : card.permitNumber());
                    put(t, 238, 4, "00");
                    put(t, 248, 2, "J");
                }
            }
            case FOREIGN_PERMANENT_RESIDENT -> {
                boolean ascii = card.name().chars().allMatch(c -> c < 0x80);
                if (card.idNumber().length() == 18) {
                    put(t, 0, 30, ascii ? "" : card.name());
                    put(t, 30, 2, sex);
                    put(t, 32, 4, "00");
                    put(t, 36, 16, birth);
                    put(t, 52, 70, ascii ? card.name() : "");
                    put(t, 122, 36, card.idNumber());
                    put(t, 158, 30, card.issuer());
                    put(t, 188, 16, from);
                    put(t, 204, 16, until);
                    put(t, 242, 6, card.idNumber().substring(3, 6));
                    put(t, 248, 2, "Y");
                } else {
                    put(t, 0, 120, ascii ? card.name() : "");
                    put(t, 120, 2, sex);
                    put(t, 122, 30, card.idNumber());
                    put(t, 152, 6, card.idNumber().length() >= 3 ? card.idNumber().substring(0, 3) : "");
                    put(t, 158, 30, ascii ? "" : card.name());
                    put(t, 188, 16, from);
                    put(t, 204, 16, until);
                    put(t, 220, 16, birth);
                    put(t, 236, 4, "02");
                    put(t, 240, 8, card.issuer());
                    put(t, 248, 2, "I");
                }
            }
            default -> throw new IllegalArgumentException("unknown card type " + card.cardType());
        }
        return t;
    }

    // ------------------------------------------------------------------ fields

    private static String field(byte[] t, int offset, int length) {
        String s = new String(t, offset, length, StandardCharsets.UTF_16LE);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private static String required(byte[] t, int offset, int length, String what) throws ProtocolException {
        String s = field(t, offset, length);
        if (s.isEmpty()) {
            throw new ProtocolException("card has no " + what, t);
        }
        return s;
    }

    private static String sex(byte[] t, int offset) throws ProtocolException {
        String code = field(t, offset, 2);
        return switch (code) {
            case "1" -> "男";
            case "2" -> "女";
            case "0", "9" -> "未说明";
            default -> throw new ProtocolException("unknown sex code '" + code + "'", t);
        };
    }

    private static String sexCode(String sex) {
        return switch (sex) {
            case "男" -> "1";
            case "女" -> "2";
            case "未说明" -> "9";
            default -> throw new IllegalArgumentException("sex must be 男, 女 or 未说明, got " + sex);
        };
    }

    private static LocalDate date(byte[] t, int offset, String what) throws ProtocolException {
        String s = field(t, offset, 16);
        LocalDate d = parseDate(s);
        if (d == null) {
            throw new ProtocolException("bad " + what + " (want YYYYMMDD)", t);
        }
        return d;
    }

    private static String validUntil(byte[] t, int offset) throws ProtocolException {
        String s = field(t, offset, 16);
        if ("长期".equals(s)) {
            return s;
        }
        LocalDate d = parseDate(s);
        if (d == null) {
            throw new ProtocolException("bad valid-until '" + s + "' (want YYYYMMDD or 长期)", t);
        }
        return d.toString();
    }

    private static LocalDate parseDate(String s) {
        if (s.length() != 8 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static void put(byte[] t, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_16LE);
        if (bytes.length > length) {
            throw new IllegalArgumentException("'" + value + "' does not fit in " + length + " bytes");
        }
        System.arraycopy(bytes, 0, t, offset, bytes.length);
        for (int i = offset + bytes.length; i < offset + length; i += 2) {
            t[i] = ' ';
            t[i + 1] = 0;
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void putU16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
