package org.openkiosk.device.io.pcsc;

/** ISO 7816-4 status words (SW1 SW2) in plain text, for exceptions, logs and technicians. */
public final class StatusWords {
    public static final int SUCCESS = 0x9000;

    private StatusWords() {
    }

    /** Whether {@code sw} is 90 00, plain success. */
    public static boolean isSuccess(int sw) {
        return sw == SUCCESS;
    }

    /** The status word as four hex digits, e.g. {@code 6A82}. */
    public static String hex(int sw) {
        return String.format("%04X", sw & 0xFFFF);
    }

    /** What the card means by {@code sw}; unknown words say so with their class. Never throws. */
    public static String text(int sw) {
        int sw1 = (sw >> 8) & 0xFF;
        int sw2 = sw & 0xFF;
        switch (sw & 0xFFFF) {
            case 0x9000: return "success";
            case 0x6281: return "part of the returned data may be corrupted";
            case 0x6282: return "end of file or record reached before reading the expected number of bytes";
            case 0x6283: return "selected file deactivated";
            case 0x6284: return "file control information not formatted as expected";
            case 0x6581: return "memory failure";
            case 0x6700: return "wrong length";
            case 0x6881: return "logical channel not supported";
            case 0x6882: return "secure messaging not supported";
            case 0x6981: return "command incompatible with the file structure";
            case 0x6982: return "security status not satisfied (PIN or authentication needed)";
            case 0x6983: return "authentication method blocked";
            case 0x6984: return "referenced data invalidated";
            case 0x6985: return "conditions of use not satisfied";
            case 0x6986: return "command not allowed (no current file selected)";
            case 0x6A80: return "incorrect data field";
            case 0x6A81: return "function not supported";
            case 0x6A82: return "file or application not found";
            case 0x6A83: return "record not found";
            case 0x6A84: return "not enough memory space in the file";
            case 0x6A86: return "incorrect parameters P1-P2";
            case 0x6A87: return "Lc inconsistent with P1-P2";
            case 0x6A88: return "referenced data not found";
            case 0x6B00: return "wrong parameters P1-P2 (offset outside the file)";
            case 0x6D00: return "instruction not supported";
            case 0x6E00: return "class not supported";
            case 0x6F00: return "no precise diagnosis (card error)";
            default:
                break;
        }
        return switch (sw1) {
            case 0x61 -> sw2 + " more bytes available (GET RESPONSE)";
            case 0x6C -> "wrong Le: the card has exactly " + sw2 + " bytes";
            case 0x63 -> (sw2 & 0xF0) == 0xC0 ? "verification failed, " + (sw2 & 0x0F) + " tries left"
                    : "warning: non-volatile memory changed";
            case 0x62 -> "warning: non-volatile memory unchanged";
            case 0x64 -> "execution error: non-volatile memory unchanged";
            case 0x65 -> "execution error: non-volatile memory changed";
            case 0x67 -> "wrong length";
            case 0x68 -> "function in the class byte not supported";
            case 0x69 -> "command not allowed";
            case 0x6A -> "wrong parameters P1-P2";
            default -> "unknown status " + hex(sw);
        };
    }
}
