package org.openkiosk.device;

import java.util.HexFormat;

/** The device answered, but not in its protocol: bad checksum, bad length, unexpected bytes. Carries the raw frame. */
public class ProtocolException extends DeviceException {
    private final byte[] frame;

    public ProtocolException(String message, byte[] frame) {
        super(frame == null || frame.length == 0 ? message : message + " [" + hex(frame) + "]");
        this.frame = frame == null ? new byte[0] : frame.clone();
    }

    public byte[] frame() {
        return frame.clone();
    }

    private static String hex(byte[] frame) {
        int shown = Math.min(frame.length, 64);
        String text = HexFormat.ofDelimiter(" ").formatHex(frame, 0, shown);
        return frame.length > shown ? text + " ... (" + frame.length + " bytes)" : text;
    }
}
