package org.openkiosk.device.printer;

import org.openkiosk.device.DeviceException;

/**
 * The printer answered but cannot print (paper end, cover open, offline). The UI turns {@link #status()} into
 * localised text; the job that raised it was not printed completely and can be sent again once the fault is fixed.
 */
public class PrinterFaultException extends DeviceException {
    private final PrinterStatus status;

    public PrinterFaultException(PrinterStatus status, String message) {
        super(message + " (" + status.describe() + ")");
        this.status = status;
    }

    public PrinterStatus status() {
        return status;
    }
}
