package org.openkiosk.device.printer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A fluent builder of ESC/POS bytes for 80 mm receipt printers in Chinese mode.
 *
 * <p>Hand-written rather than built on escpos-coffee: the two things a Chinese kiosk receipt needs most,
 * entering Chinese mode ({@code FS &}) and a QR code sent as raw {@code GS ( k}, are raw bytes there too,
 * escpos-coffee writes to an {@code OutputStream} (we want a byte array to send through {@code SerialLink}
 * with our own status handling), and the whole command set we use fits in this one class whose exact
 * bytes the tests pin down. Text is encoded in GB18030 (a superset of GBK, as Chinese-mode printers expect).
 *
 * <p>Not thread-safe; make one per receipt.
 */
public final class EscPos {
    public enum Align { LEFT, CENTER, RIGHT }

    static final byte ESC = 0x1B;
    static final byte FS = 0x1C;
    static final byte GS = 0x1D;
    static final byte DLE = 0x10;
    static final byte LF = 0x0A;
    /** Text encoding of Chinese mode. */
    public static final Charset GB18030 = Charset.forName("GB18030");
    /** QR module size in dots used by {@link #qr(String)}: about 30 mm for a 60-character URL. */
    public static final int QR_MODULE_SIZE = 6;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    private EscPos() {
    }

    public static EscPos create() {
        return new EscPos();
    }

    /** {@code ESC @}: resets the printer's modes (not its Chinese-mode switch on every model: call {@link #chineseMode()} after). */
    public EscPos init() {
        return raw(ESC, '@');
    }

    /** {@code FS &}: double-byte (GB18030/GBK) characters from now on. */
    public EscPos chineseMode() {
        return raw(FS, '&');
    }

    /** {@code ESC a n}; printers honour it only at the start of a line. */
    public EscPos align(Align a) {
        return raw(ESC, 'a', a.ordinal());
    }

    /** {@code GS ! n}: character width and height multipliers, each 1..8. */
    public EscPos size(int width, int height) {
        if (width < 1 || width > 8 || height < 1 || height > 8) {
            throw new IllegalArgumentException("size must be 1..8 each, was " + width + "x" + height);
        }
        return raw(GS, '!', ((width - 1) << 4) | (height - 1));
    }

    /** {@code ESC E n}: emphasised (bold) on or off. */
    public EscPos bold(boolean on) {
        return raw(ESC, 'E', on ? 1 : 0);
    }

    /**
     * Text in GB18030. Control characters other than line feed are dropped, so data (a name read from a card,
     * a field typed by a resident) can never smuggle in a printer command.
     */
    public EscPos text(String s) {
        StringBuilder clean = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == '\n' || !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        out.writeBytes(clean.toString().getBytes(GB18030));
        return this;
    }

    /** Text followed by LF (print and feed one line). */
    public EscPos line(String s) {
        return text(s).raw(LF);
    }

    /** {@code ESC d n}: prints the buffer and feeds {@code lines} lines (0..255). */
    public EscPos feed(int lines) {
        if (lines < 0 || lines > 255) {
            throw new IllegalArgumentException("feed must be 0..255 lines, was " + lines);
        }
        return raw(ESC, 'd', lines);
    }

    /**
     * A QR code (model 2, module size {@value #QR_MODULE_SIZE} dots, error correction M) of {@code data} in UTF-8,
     * printed at the current alignment, with the five {@code GS ( k} functions (cn=0x31): 0x41 model,
     * 0x43 module size, 0x45 error level, 0x50 store data, 0x51 print.
     */
    public EscPos qr(String data) {
        byte[] payload = data.getBytes(StandardCharsets.UTF_8);
        if (payload.length == 0 || payload.length > 7089) {
            throw new IllegalArgumentException("QR data must be 1..7089 bytes, was " + payload.length);
        }
        raw(GS, '(', 'k', 4, 0, 0x31, 0x41, 0x32, 0x00);
        raw(GS, '(', 'k', 3, 0, 0x31, 0x43, QR_MODULE_SIZE);
        raw(GS, '(', 'k', 3, 0, 0x31, 0x45, 0x31);
        int p = payload.length + 3;
        raw(GS, '(', 'k', p & 0xFF, p >> 8, 0x31, 0x50, 0x30);
        out.writeBytes(payload);
        return raw(GS, '(', 'k', 3, 0, 0x31, 0x51, 0x30);
    }

    /** {@code GS V A 0}: feeds the last line past the cutter, then a full cut. */
    public EscPos cut() {
        return raw(GS, 'V', 'A', 0);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private EscPos raw(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }
}
