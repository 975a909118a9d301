package org.openkiosk.device.printer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.device.printer.transport.DeviceFileTransport;
import org.openkiosk.device.printer.transport.PrinterTransport;
import org.openkiosk.device.printer.transport.SerialTransport;
import org.openkiosk.device.printer.transport.TcpTransport;

/**
 * Makes the receipt printer a configured port names. The port says the transport:
 * <ul>
 *   <li>{@code tcp://HOST[:PORT]}: raw TCP, port 9100 unless given</li>
 *   <li>{@code file:PATH}, or any {@code /dev/usb/lp*}: a USB printer device file</li>
 *   <li>anything else ({@code /dev/ttyS1}, {@code /dev/ttyUSB0}, {@code COM3}, a pty): a serial line at the baud</li>
 * </ul>
 */
public final class ReceiptPrinters {
    private static final Pattern TCP = Pattern.compile("tcp://(\\[[0-9A-Fa-f:]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?/?");

    private ReceiptPrinters() {
    }

    /** The printer at {@code config.port()}. */
    public static EscPosReceiptPrinter open(PrinterConfig config) {
        return new EscPosReceiptPrinter(transport(config.port(), config.baud(), config.timeout()), config.timeout());
    }

    /**
     * The transport a port string names (see the class comment).
     *
     * @throws IllegalArgumentException for a malformed {@code tcp://} address
     */
    public static PrinterTransport transport(String port, int baud, Duration timeout) {
        if (port.startsWith("tcp:")) {
            Matcher m = TCP.matcher(port);
            if (!m.matches()) {
                throw new IllegalArgumentException("printer address '" + port + "' is not tcp://HOST[:PORT]");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            int p = m.group(2) == null ? TcpTransport.DEFAULT_PORT : Integer.parseInt(m.group(2));
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("printer address '" + port + "': TCP port must be 1..65535");
            }
            return new TcpTransport(host, p, timeout);
        }
        if (port.startsWith("file:")) {
            return new DeviceFileTransport(Path.of(port.substring("file:".length())));
        }
        if (port.startsWith("/dev/usb/lp")) {
            return new DeviceFileTransport(Path.of(port));
        }
        return new SerialTransport(port, baud);
    }
}
