package org.openkiosk.device.printer;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the receipt printer is and how long to wait for each status answer.
 *
 * @param port    serial device ({@code /dev/ttyUSB1}, a pty link in tests), USB printer file ({@code /dev/usb/lp0},
 *                {@code file:PATH}) or {@code tcp://HOST[:PORT]}: see {@link ReceiptPrinters}
 * @param baud    line rate of a serial port (ESC/POS printers: commonly 115200 or 9600)
 * @param timeout how long to wait for one status byte (and for a TCP connection)
 */
public record PrinterConfig(String port, int baud, Duration timeout) {
    public PrinterConfig {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(timeout, "timeout");
        if (port.isBlank()) {
            throw new IllegalArgumentException("printer port is empty");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("printer baud must be positive, was " + baud);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("printer timeout must be positive, was " + timeout);
        }
    }
}
