package org.openkiosk.device.io.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.time.Duration;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceTimeoutException;

/**
 * A serial line (a real port or one end of a pseudo-terminal) wrapped around jSerialComm, with timeouts
 * declared per call and the two failures kept apart: {@link DeviceTimeoutException} when the far end is
 * silent, {@link DeviceNotFoundException} when the port itself went away (USB unplugged, pty closed).
 */
public final class SerialLink implements AutoCloseable {
    private final SerialPort port;
    private final String path;
    private final int baud;

    private SerialLink(SerialPort port, String path, int baud) {
        this.port = port;
        this.path = path;
        this.baud = baud;
    }

    /** Opens {@code path} (e.g. {@code /dev/ttyUSB0}, or a pty link) at {@code baud} 8N1. */
    public static SerialLink open(String path, int baud) throws DeviceException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw new DeviceNotFoundException("serial port " + path + " does not exist", e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new DeviceNotFoundException("cannot open serial port " + path
                    + " (missing, busy, or no permission: is the user in group dialout?)");
        }
        return new SerialLink(port, path, baud);
    }

    public String path() {
        return path;
    }

    public int baud() {
        return baud;
    }

    public boolean isOpen() {
        return port.isOpen();
    }

    public void write(byte[] data) throws DeviceException {
        int written = port.writeBytes(data, data.length);
        if (written != data.length) {
            throw new DeviceNotFoundException("write to " + path + " failed (" + written + " of " + data.length
                    + " bytes): the port went away");
        }
    }

    /**
     * Reads up to {@code len} bytes, waiting at most {@code timeout} for the first one.
     *
     * @return the number of bytes read, 0 if nothing arrived in time
     * @throws DeviceNotFoundException if the port went away
     */
    public int read(byte[] buffer, int offset, int len, Duration timeout) throws DeviceException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, ms, 0);
        int n = port.readBytes(buffer, len, offset);
        if (n < 0) {
            throw new DeviceNotFoundException("read from " + path + " failed: the port went away");
        }
        return n;
    }

    /** Reads exactly {@code n} bytes within {@code timeout} overall. */
    public byte[] readExactly(int n, Duration timeout) throws DeviceException {
        byte[] out = new byte[n];
        long deadline = System.nanoTime() + timeout.toNanos();
        int got = 0;
        while (got < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DeviceTimeoutException("timed out on " + path + " after " + got + " of " + n + " bytes");
            }
            got += read(out, got, n - got, Duration.ofNanos(left));
        }
        return out;
    }

    /** Reads one byte, or returns -1 if none arrived within {@code timeout}. */
    public int readByte(Duration timeout) throws DeviceException {
        byte[] one = new byte[1];
        return read(one, 0, 1, timeout) == 1 ? one[0] & 0xFF : -1;
    }

    /** Discards whatever is waiting to be read (stale bytes from an earlier, abandoned exchange). */
    public void discardInput() throws DeviceException {
        byte[] sink = new byte[4096];
        while (port.bytesAvailable() > 0) {
            if (read(sink, 0, sink.length, Duration.ofMillis(1)) == 0) {
                return;
            }
        }
    }

    @Override
    public void close() {
        port.closePort();
    }
}
