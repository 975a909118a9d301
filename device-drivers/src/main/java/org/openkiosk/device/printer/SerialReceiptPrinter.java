package org.openkiosk.device.printer;

import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.printer.transport.SerialTransport;

/**
 * An ESC/POS receipt printer on a serial line: {@link EscPosReceiptPrinter} over a {@link SerialTransport}. Kept
 * for callers that configure a serial port; {@link ReceiptPrinters#open} also handles USB device files and TCP.
 */
public final class SerialReceiptPrinter implements ReceiptPrinter {
    private final EscPosReceiptPrinter printer;

    public SerialReceiptPrinter(PrinterConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        this.printer = new EscPosReceiptPrinter(new SerialTransport(config.port(), config.baud()), config.timeout());
    }

    @Override
    public PrinterStatus status() throws DeviceException {
        return printer.status();
    }

    @Override
    public void print(byte[] escpos) throws DeviceException {
        printer.print(escpos);
    }

    @Override
    public DeviceStatus check() {
        return printer.check();
    }

    @Override
    public void close() {
        printer.close();
    }
}
