package org.openkiosk.device;

/** A device could not do what was asked. Subtypes say why; the message is for logs and technicians. */
public class DeviceException extends Exception {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
