package org.openkiosk.device.idcard;

import org.openkiosk.device.DeviceTimeoutException;

/** No card was placed on the reader within the time asked for. The UI shows this as "place your card". */
public class NoCardException extends DeviceTimeoutException {
    public NoCardException(String message) {
        super(message);
    }
}
