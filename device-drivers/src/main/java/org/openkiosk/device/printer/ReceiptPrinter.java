package org.openkiosk.device.printer;

import org.openkiosk.device.Device;
import org.openkiosk.device.DeviceException;

/** A receipt printer speaking ESC/POS. */
public interface ReceiptPrinter extends Device {
    /** Reads the real-time status ({@code DLE EOT 1}, {@code 2}, {@code 4}). */
    PrinterStatus status() throws DeviceException;

    /**
     * Sends one job of ESC/POS bytes (see {@link EscPos}). Reads the status before and after:
     *
     * @throws PrinterFaultException if the printer cannot print before the job (nothing was sent) or reports a
     *                               fault after it (the job may be incomplete: send it again once fixed)
     * @throws org.openkiosk.device.DeviceTimeoutException  if the printer did not answer a status query
     * @throws org.openkiosk.device.DeviceNotFoundException if the port is missing or went away
     */
    void print(byte[] escpos) throws DeviceException;
}
