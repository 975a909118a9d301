package org.openkiosk.device.printer;

import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.printer.transport.SerialTransport;

/**
 * The receipt printer for existing callers that were written for a serial port: {@link EscPosReceiptPrinter} over
 * the transport {@link ReceiptPrinters#transport} picks from the configured port, so a serial port gives a
 * {@link SerialTransport}, and a configured USB device file or {@code tcp://} printer works here too. New code
 * should call {@link ReceiptPrinters#open}.
 */
public final class SerialReceiptPrinter implements ReceiptPrinter {
    private final EscPosReceiptPrinter printer;

    public SerialReceiptPrinter(PrinterConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        this.printer = ReceiptPrinters.open(config);
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
