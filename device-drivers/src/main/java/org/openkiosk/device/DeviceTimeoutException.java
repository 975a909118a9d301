package org.openkiosk.device;

/** The device did not answer within the declared timeout. */
public class DeviceTimeoutException extends DeviceException {
    public DeviceTimeoutException(String message) {
        super(message);
    }
}
