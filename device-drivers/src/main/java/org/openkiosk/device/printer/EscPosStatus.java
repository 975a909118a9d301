package org.openkiosk.device.printer;

import org.openkiosk.device.ProtocolException;

/**
 * The status bytes answering {@code DLE EOT n} (pure codec, shared by the driver and the simulator).
 * Every answer has bits 1 and 4 set and bits 0 and 7 clear ({@code b & 0x93 == 0x12}).
 * <ul>
 *   <li>n=1 printer: bit 3 offline</li>
 *   <li>n=2 offline cause: bit 2 cover open, bit 5 printing stopped by paper end, bit 6 error</li>
 *   <li>n=4 roll paper sensor: bits 2-3 near end, bits 5-6 paper end</li>
 * </ul>
 */
public final class EscPosStatus {
    /** The real-time status requests this driver sends, in order. */
    public static final int[] QUERIES = {1, 2, 4};

    private static final int FIXED = 0x12;

    private EscPosStatus() {
    }

    /** The request bytes {@code DLE EOT n}. */
    public static byte[] query(int n) {
        return new byte[] {EscPos.DLE, 0x04, (byte) n};
    }

    /** The byte a printer in {@code status} answers to {@code DLE EOT n} (n = 1..4). */
    public static byte encode(int n, PrinterStatus status) {
        int b = FIXED;
        switch (n) {
            case 1 -> b |= status.online() ? 0 : 0x08;
            case 2 -> {
                b |= status.coverOpen() ? 0x04 : 0;
                b |= status.paper() == PaperState.END ? 0x20 : 0;
            }
            case 3 -> { /* no cutter or unrecoverable errors simulated */ }
            case 4 -> b |= switch (status.paper()) {
                case OK -> 0;
                case NEAR_END -> 0x0C;
                case END -> 0x0C | 0x60;
            };
            default -> throw new IllegalArgumentException("DLE EOT n must be 1..4, was " + n);
        }
        return (byte) b;
    }

    /** Combines the answers to {@code DLE EOT 1}, {@code 2} and {@code 4}. */
    public static PrinterStatus decode(byte printer, byte offlineCause, byte paperSensor) throws ProtocolException {
        for (byte b : new byte[] {printer, offlineCause, paperSensor}) {
            if ((b & 0x93) != FIXED) {
                throw new ProtocolException("not a DLE EOT status byte", new byte[] {printer, offlineCause, paperSensor});
            }
        }
        boolean online = (printer & 0x08) == 0;
        boolean cover = (offlineCause & 0x04) != 0;
        PaperState paper;
        if ((paperSensor & 0x60) != 0 || (offlineCause & 0x20) != 0) {
            paper = PaperState.END;
        } else if ((paperSensor & 0x0C) != 0) {
            paper = PaperState.NEAR_END;
        } else {
            paper = PaperState.OK;
        }
        return new PrinterStatus(online, cover, paper);
    }
}
