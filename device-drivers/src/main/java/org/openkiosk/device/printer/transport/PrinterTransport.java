package org.openkiosk.device.printer.transport;

import org.openkiosk.device.DeviceException;

/**
 * How ESC/POS bytes reach a receipt printer: a serial line, a USB printer device file ({@code /dev/usb/lp0}) or
 * raw TCP (port 9100). The protocol on top (status before and after, the job) is the same for all three and
 * lives once in {@link org.openkiosk.device.printer.EscPosReceiptPrinter}, as SCUBA keeps the card transport
 * apart from the protocol above it.
 */
public interface PrinterTransport {
    /** Where the printer is, for messages: {@code serial /dev/ttyS1}, {@code usb /dev/usb/lp0}, {@code tcp 10.1.2.3:9100}. */
    String address();

    /**
     * Opens a connection.
     *
     * @throws org.openkiosk.device.DeviceNotFoundException if the port, file or host is not there or refuses
     */
    PrinterConnection open() throws DeviceException;
}
