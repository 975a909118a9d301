package org.openkiosk.device.printer.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;

/**
 * A network receipt printer on raw TCP ("JetDirect", port 9100 by default). Printers that answer {@code DLE EOT}
 * over the network (Epson TM, most Chinese 80 mm kiosk printers) answer on the same socket. Nagle is off so a
 * 3-byte status query leaves at once.
 */
public final class TcpTransport implements PrinterTransport {
    public static final int DEFAULT_PORT = 9100;

    private final String host;
    private final int port;
    private final Duration connectTimeout;

    public TcpTransport(String host, int port, Duration connectTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1..65535, was " + port);
        }
        this.port = port;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    @Override
    public String address() {
        return "tcp " + host + ":" + port;
    }

    @Override
    public PrinterConnection open() throws DeviceException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
        } catch (IOException e) {
            closeQuietly(socket);
            throw new DeviceNotFoundException("cannot connect to printer at " + host + ":" + port + ": " + e.getMessage(), e);
        }
        try {
            return new Connection(socket, socket.getInputStream(), socket.getOutputStream());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new DeviceNotFoundException("printer connection to " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private final class Connection implements PrinterConnection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        @Override
        public void write(byte[] data) throws DeviceException {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                throw gone("write", e);
            }
        }

        @Override
        public int readByte(Duration timeout) throws DeviceException {
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
                int b = in.read();
                if (b < 0) {
                    throw new DeviceNotFoundException("printer at " + host + ":" + port + " closed the connection");
                }
                return b;
            } catch (SocketTimeoutException e) {
                return -1;
            } catch (IOException e) {
                throw gone("read", e);
            }
        }

        @Override
        public void discardInput() throws DeviceException {
            try {
                while (in.available() > 0) {
                    if (in.skip(in.available()) <= 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw gone("read", e);
            }
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }

        private DeviceNotFoundException gone(String what, IOException e) {
            return new DeviceNotFoundException(what + " to printer at " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }
}
