package org.openkiosk.device.io.pcsc;

import org.openkiosk.device.DeviceTimeoutException;

/** The reader is there but no card was inserted within the time asked for. */
public class NoCardInReaderException extends DeviceTimeoutException {
    public NoCardInReaderException(String message) {
        super(message);
    }
}
