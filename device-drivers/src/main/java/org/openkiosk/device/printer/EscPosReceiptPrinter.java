package org.openkiosk.device.printer;

import java.time.Duration;
import java.util.Objects;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.printer.transport.PrinterConnection;
import org.openkiosk.device.printer.transport.PrinterTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ESC/POS receipt printer over any {@link PrinterTransport} (serial, USB device file, TCP 9100): the status
 * exchange ({@code DLE EOT 1, 2, 4}) before and after every job, and the job itself. The connection is opened on
 * first use; when it goes away the call fails with {@link DeviceNotFoundException} and the next call opens it
 * again. Calls are serialised. {@link ReceiptPrinters#open} picks the transport from a configured port.
 */
public final class EscPosReceiptPrinter implements ReceiptPrinter {
    private static final Logger log = LoggerFactory.getLogger(EscPosReceiptPrinter.class);

    private final PrinterTransport transport;
    private final Duration timeout;
    private PrinterConnection connection;

    /**
     * @param transport where the printer is
     * @param timeout   how long to wait for each status byte
     */
    public EscPosReceiptPrinter(PrinterTransport transport, Duration timeout) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("printer timeout must be positive, was " + timeout);
        }
    }

    /** Where the printer is, e.g. {@code tcp 10.1.2.3:9100}. */
    public String address() {
        return transport.address();
    }

    @Override
    public synchronized PrinterStatus status() throws DeviceException {
        try {
            PrinterConnection c = connection();
            c.discardInput();
            byte[] answers = new byte[EscPosStatus.QUERIES.length];
            for (int i = 0; i < answers.length; i++) {
                int n = EscPosStatus.QUERIES[i];
                c.write(EscPosStatus.query(n));
                int b = c.readByte(timeout);
                if (b < 0) {
                    throw new DeviceTimeoutException("printer on " + transport.address() + " did not answer DLE EOT " + n
                            + " within " + timeout.toMillis() + " ms");
                }
                answers[i] = (byte) b;
            }
            return EscPosStatus.decode(answers[0], answers[1], answers[2]);
        } catch (DeviceNotFoundException e) {
            drop();
            throw e;
        }
    }

    @Override
    public synchronized void print(byte[] escpos) throws DeviceException {
        PrinterStatus before = status();
        if (!before.canPrint()) {
            log.warn("not printing {} bytes on {}: {}", escpos.length, transport.address(), before.describe());
            throw new PrinterFaultException(before, "printer cannot print, nothing was sent");
        }
        try {
            connection().write(escpos);
        } catch (DeviceNotFoundException e) {
            drop();
            throw e;
        }
        PrinterStatus after = status();
        if (!after.canPrint()) {
            log.warn("printer fault after {} bytes on {}: {}", escpos.length, transport.address(), after.describe());
            throw new PrinterFaultException(after, "printer reported a fault after the job, it may be incomplete");
        }
        if (after.paper() == PaperState.NEAR_END) {
            log.info("printer on {}: paper near end", transport.address());
        }
        log.debug("printed {} bytes on {}", escpos.length, transport.address());
    }

    @Override
    public DeviceStatus check() {
        try {
            PrinterStatus s = status();
            String detail = transport.address() + ": " + s.describe();
            return s.canPrint() ? DeviceStatus.ok("printer", detail) : DeviceStatus.failed("printer", detail);
        } catch (DeviceException e) {
            return DeviceStatus.failed("printer", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }

    private PrinterConnection connection() throws DeviceException {
        if (connection == null) {
            connection = transport.open();
            log.info("opened printer {}", transport.address());
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
