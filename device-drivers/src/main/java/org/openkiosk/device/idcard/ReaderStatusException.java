package org.openkiosk.device.idcard;

import org.openkiosk.device.DeviceException;

/** The SAM module answered with a status other than success; {@link #reason()} says what it means. */
public class ReaderStatusException extends DeviceException {
    private final int sw3;

    /**
     * @param operation what was asked, e.g. {@code "select card"}
     * @param sw3       the module's status byte
     */
    public ReaderStatusException(String operation, int sw3) {
        super(operation + ": reader status " + String.format("%02X", sw3 & 0xFF) + " ("
                + GaT467Codec.statusText(sw3) + ")");
        this.sw3 = sw3 & 0xFF;
    }

    public int sw3() {
        return sw3;
    }

    /** The status in plain text for logs and technicians, e.g. "card authentication failed". */
    public String reason() {
        return GaT467Codec.statusText(sw3);
    }
}
