package org.openkiosk.device.printer.transport;

import java.time.Duration;
import java.util.Objects;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.io.serial.SerialLink;

/** A printer on a serial line (RS-232, USB-serial, or a pty in tests) through {@link SerialLink}. */
public final class SerialTransport implements PrinterTransport {
    private final String port;
    private final int baud;

    public SerialTransport(String port, int baud) {
        this.port = Objects.requireNonNull(port, "port");
        this.baud = baud;
    }

    @Override
    public String address() {
        return "serial " + port;
    }

    @Override
    public PrinterConnection open() throws DeviceException {
        SerialLink link = SerialLink.open(port, baud);
        return new PrinterConnection() {
            @Override
            public void write(byte[] data) throws DeviceException {
                link.write(data);
            }

            @Override
            public int readByte(Duration timeout) throws DeviceException {
                return link.readByte(timeout);
            }

            @Override
            public void discardInput() throws DeviceException {
                link.discardInput();
            }

            @Override
            public void close() {
                link.close();
            }
        };
    }
}
