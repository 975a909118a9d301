package org.openkiosk.device.printer;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openkiosk.device.ProtocolException;

/**
 * Parses ESC/POS bytes into what a printer would put on paper (pure: bytes in, values out). Used by the
 * simulator and by tests to check a receipt without a printer.
 *
 * <p>Text runs are decoded from GB18030 while Chinese mode ({@code FS &}) is on, and from code page 437
 * otherwise (as a printer would: forgetting {@code FS &} shows up as garbage). Commands the decoder does not
 * interpret are skipped by their known length; unknown ones by their two-byte prefix. Real-time status
 * requests ({@code DLE EOT n}) are skipped. The only exception is {@link ProtocolException}, for a command
 * cut short by the end of the bytes.
 */
public final class EscPosDecoder {
    /** What one part of a job puts on paper. */
    public sealed interface Element permits Text, Qr, Feed, Cut {
    }

    /** A run of text printed with one style; a line ends with a {@link Feed}. */
    public record Text(String text, int width, int height, EscPos.Align align, boolean bold) implements Element {
    }

    /** A QR code symbol printed at {@code align}; {@code errorLevel} is one of L, M, Q, H. */
    public record Qr(String data, int moduleSize, char errorLevel, EscPos.Align align) implements Element {
    }

    /** Print the current line and feed {@code lines} lines (LF is one; {@code ESC d n} is n). */
    public record Feed(int lines) implements Element {
    }

    /** The paper is cut here. */
    public record Cut() implements Element {
    }

    private static final Charset CP437 = charsetOr("IBM437", StandardCharsets.ISO_8859_1);

    private EscPosDecoder() {
    }

    /** Decodes a whole job. */
    public static List<Element> decode(byte[] escpos) throws ProtocolException {
        return new State().run(escpos);
    }

    /** The concatenated text of a job, lines separated by '\n': handy for tests and logs. */
    public static String text(byte[] escpos) throws ProtocolException {
        StringBuilder sb = new StringBuilder();
        for (Element e : decode(escpos)) {
            if (e instanceof Text t) {
                sb.append(t.text());
            } else if (e instanceof Feed f) {
                sb.append("\n".repeat(Math.max(1, f.lines())));
            }
        }
        return sb.toString();
    }

    /**
     * The length of the command, or of the run of text bytes, starting at {@code from}: the framing a printer
     * does on its input, shared with the simulator.
     *
     * @return the number of bytes from {@code from}, or -1 if the command is not complete before {@code to}
     */
    public static int commandLength(byte[] buf, int from, int to) {
        int avail = to - from;
        if (avail <= 0) {
            return -1;
        }
        int b0 = buf[from] & 0xFF;
        if (b0 >= 0x20) {
            int i = from;
            while (i < to && (buf[i] & 0xFF) >= 0x20) {
                i++;
            }
            return i - from;
        }
        if (b0 != 0x10 && b0 != 0x1B && b0 != 0x1C && b0 != 0x1D) {
            return 1;
        }
        if (avail < 2) {
            return -1;
        }
        int b1 = buf[from + 1] & 0xFF;
        int len;
        switch (b0) {
            case 0x10 -> len = switch (b1) {
                case 0x04, 0x05 -> 3;
                case 0x14 -> 5;
                default -> 2;
            };
            case 0x1B -> {
                switch (b1) {
                    case '$', '\\' -> len = 4;
                    case 'p' -> len = 5;
                    case 'c' -> len = 4;
                    case '*' -> {
                        if (avail < 5) {
                            return -1;
                        }
                        int m = buf[from + 2] & 0xFF;
                        int n = (buf[from + 3] & 0xFF) | (buf[from + 4] & 0xFF) << 8;
                        len = 5 + n * (m == 0 || m == 1 ? 1 : 3);
                    }
                    case 'D' -> {
                        int i = from + 2;
                        while (i < to && buf[i] != 0 && i - from < 40) {
                            i++;
                        }
                        if (i >= to) {
                            return -1;
                        }
                        len = i - from + 1;
                    }
                    case 'W' -> len = 10;
                    case '!', '-', '3', 'E', 'G', 'J', 'M', 'R', 'U', 'V', 'a', 'd', 'e', 't', 'r', '{', ' ', '%',
                            '?', '=', 'T' -> len = 3;
                    default -> len = 2;
                }
            }
            case 0x1C -> len = switch (b1) {
                case '!', '-', 'W', 'C' -> 3;
                case 'S', 'p' -> 4;
                default -> 2;
            };
            default -> { // GS
                switch (b1) {
                    case '(' -> {
                        if (avail < 5) {
                            return -1;
                        }
                        len = 5 + ((buf[from + 3] & 0xFF) | (buf[from + 4] & 0xFF) << 8);
                    }
                    case 'V' -> {
                        if (avail < 3) {
                            return -1;
                        }
                        int m = buf[from + 2] & 0xFF;
                        len = m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104 ? 4 : 3;
                    }
                    case 'k' -> {
                        if (avail < 3) {
                            return -1;
                        }
                        int m = buf[from + 2] & 0xFF;
                        if (m <= 6) {
                            int i = from + 3;
                            while (i < to && buf[i] != 0) {
                                i++;
                            }
                            if (i >= to) {
                                return -1;
                            }
                            len = i - from + 1;
                        } else {
                            if (avail < 4) {
                                return -1;
                            }
                            len = 4 + (buf[from + 3] & 0xFF);
                        }
                    }
                    case 'v' -> {
                        if (avail < 8) {
                            return -1;
                        }
                        int x = (buf[from + 4] & 0xFF) | (buf[from + 5] & 0xFF) << 8;
                        int y = (buf[from + 6] & 0xFF) | (buf[from + 7] & 0xFF) << 8;
                        len = 8 + x * y;
                    }
                    case '8' -> {
                        if (avail < 7) {
                            return -1;
                        }
                        long p = (buf[from + 3] & 0xFFL) | (buf[from + 4] & 0xFFL) << 8
                                | (buf[from + 5] & 0xFFL) << 16 | (buf[from + 6] & 0xFFL) << 24;
                        len = (int) Math.min(Integer.MAX_VALUE, 7 + p);
                    }
                    case '*' -> {
                        if (avail < 4) {
                            return -1;
                        }
                        len = 4 + (buf[from + 2] & 0xFF) * (buf[from + 3] & 0xFF) * 8;
                    }
                    case 'L', 'W', 'P', '\\', '$' -> len = 4;
                    case '^' -> len = 5;
                    case '!', 'B', 'H', 'I', 'T', 'a', 'b', 'f', 'h', 'r', 'w', '/' -> len = 3;
                    default -> len = 2;
                }
            }
        }
        return len <= avail ? len : -1;
    }

    private static Charset charsetOr(String name, Charset fallback) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String decodeText(byte[] buf, int from, int len, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(buf, from, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(buf, from, len, StandardCharsets.ISO_8859_1); // not reached with REPLACE
        }
    }

    /** The modes a printer keeps between commands. */
    private static final class State {
        private final List<Element> out = new ArrayList<>();
        private boolean chinese;
        private int width = 1;
        private int height = 1;
        private EscPos.Align align = EscPos.Align.LEFT;
        private boolean bold;
        private int qrModule = 3;
        private char qrLevel = 'L';
        private String qrData;

        private void reset() {
            chinese = false;
            width = 1;
            height = 1;
            align = EscPos.Align.LEFT;
            bold = false;
            qrModule = 3;
            qrLevel = 'L';
            qrData = null;
        }

        List<Element> run(byte[] buf) throws ProtocolException {
            int pos = 0;
            while (pos < buf.length) {
                int len = commandLength(buf, pos, buf.length);
                if (len < 0) {
                    throw new ProtocolException("ESC/POS command cut short at byte " + pos + " of " + buf.length,
                            Arrays.copyOfRange(buf, pos, Math.min(buf.length, pos + 64)));
                }
                apply(buf, pos, len);
                pos += len;
            }
            return List.copyOf(out);
        }

        private void apply(byte[] buf, int at, int len) {
            int b0 = buf[at] & 0xFF;
            if (b0 >= 0x20) {
                out.add(new Text(decodeText(buf, at, len, chinese ? EscPos.GB18030 : CP437), width, height, align, bold));
                return;
            }
            if (b0 == 0x0A) {
                out.add(new Feed(1));
                return;
            }
            if (len < 2) {
                return;
            }
            int b1 = buf[at + 1] & 0xFF;
            int n = len >= 3 ? buf[at + 2] & 0xFF : 0;
            switch (b0) {
                case 0x1B -> {
                    switch (b1) {
                        case '@' -> reset();
                        case 'a' -> align = alignOf(n);
                        case 'E' -> bold = (n & 1) != 0;
                        case 'd' -> out.add(new Feed(n));
                        case '!' -> {
                            bold = (n & 0x08) != 0;
                            height = (n & 0x10) != 0 ? 2 : 1;
                            width = (n & 0x20) != 0 ? 2 : 1;
                        }
                        default -> { }
                    }
                }
                case 0x1C -> {
                    if (b1 == '&') {
                        chinese = true;
                    } else if (b1 == '.') {
                        chinese = false;
                    }
                }
                case 0x1D -> {
                    if (b1 == '!') {
                        width = ((n >> 4) & 0x07) + 1;
                        height = (n & 0x07) + 1;
                    } else if (b1 == 'V') {
                        out.add(new Cut());
                    } else if (b1 == '(' && len >= 8 && buf[at + 2] == 'k' && buf[at + 5] == 0x31) {
                        qr(buf, at, len);
                    }
                }
                default -> { }
            }
        }

        private void qr(byte[] buf, int at, int len) {
            int fn = buf[at + 6] & 0xFF;
            int param = buf[at + 7] & 0xFF;
            switch (fn) {
                case 0x43 -> qrModule = Math.max(1, Math.min(16, param));
                case 0x45 -> qrLevel = switch (param) {
                    case 0x31 -> 'M';
                    case 0x32 -> 'Q';
                    case 0x33 -> 'H';
                    default -> 'L';
                };
                case 0x50 -> qrData = new String(buf, at + 8, len - 8, StandardCharsets.UTF_8);
                case 0x51 -> {
                    if (qrData != null && !qrData.isEmpty()) {
                        out.add(new Qr(qrData, qrModule, qrLevel, align));
                    }
                }
                default -> { }
            }
        }

        private static EscPos.Align alignOf(int n) {
            return switch (n) {
                case 1, '1' -> EscPos.Align.CENTER;
                case 2, '2' -> EscPos.Align.RIGHT;
                default -> EscPos.Align.LEFT;
            };
        }
    }
}
