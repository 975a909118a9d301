package org.openkiosk.device.io.pcsc;

import org.openkiosk.device.DeviceException;

/** The card answered a command with a status word other than success; {@link #reason()} says what it means. */
public class CardStatusException extends DeviceException {
    private final int sw;

    /**
     * @param operation what was asked, e.g. {@code "select EF06"}
     * @param sw        the card's status word SW1 SW2
     */
    public CardStatusException(String operation, int sw) {
        super(operation + ": card status " + StatusWords.hex(sw) + " (" + StatusWords.text(sw) + ")");
        this.sw = sw & 0xFFFF;
    }

    public int sw() {
        return sw;
    }

    /** The status word in plain text, e.g. "file or application not found". */
    public String reason() {
        return StatusWords.text(sw);
    }
}
