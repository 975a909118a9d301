package org.openkiosk.device;

/** The device (port, reader, camera, printer) is not there, or went away. */
public class DeviceNotFoundException extends DeviceException {
    public DeviceNotFoundException(String message) {
        super(message);
    }

    public DeviceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
