package org.openkiosk.device.printer.transport;

import java.time.Duration;
import org.openkiosk.device.DeviceException;

/**
 * One open connection to a printer. {@link org.openkiosk.device.DeviceNotFoundException} from any call means the
 * connection is gone (unplugged, closed by the peer): close it and open a new one.
 */
public interface PrinterConnection extends AutoCloseable {
    /** Sends all of {@code data}. */
    void write(byte[] data) throws DeviceException;

    /** One byte from the printer, or -1 if none arrived within {@code timeout}. */
    int readByte(Duration timeout) throws DeviceException;

    /** Drops bytes waiting to be read (late answers to an earlier, abandoned exchange). */
    void discardInput() throws DeviceException;

    @Override
    void close();
}
