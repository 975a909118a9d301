package org.openkiosk.device.printer;

import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.io.serial.SerialLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ESC/POS receipt printer on a serial line (jSerialComm through {@link SerialLink}). The port is opened on
 * first use; when it goes away (USB unplugged, pty closed) the call fails with {@link DeviceNotFoundException}
 * and the next call opens it again. Calls are serialised.
 */
public final class SerialReceiptPrinter implements ReceiptPrinter {
    private static final Logger log = LoggerFactory.getLogger(SerialReceiptPrinter.class);

    private final PrinterConfig config;
    private SerialLink link;

    public SerialReceiptPrinter(PrinterConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    @Override
    public synchronized PrinterStatus status() throws DeviceException {
        SerialLink l = link();
        try {
            l.discardInput();
            byte[] answers = new byte[EscPosStatus.QUERIES.length];
            for (int i = 0; i < answers.length; i++) {
                int n = EscPosStatus.QUERIES[i];
                l.write(EscPosStatus.query(n));
                int b = l.readByte(config.timeout());
                if (b < 0) {
                    throw new DeviceTimeoutException("printer on " + config.port() + " did not answer DLE EOT " + n
                            + " within " + config.timeout().toMillis() + " ms");
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
            log.warn("not printing {} bytes on {}: {}", escpos.length, config.port(), before.describe());
            throw new PrinterFaultException(before, "printer cannot print, nothing was sent");
        }
        try {
            link().write(escpos);
        } catch (DeviceNotFoundException e) {
            drop();
            throw e;
        }
        PrinterStatus after = status();
        if (!after.canPrint()) {
            log.warn("printer fault after {} bytes on {}: {}", escpos.length, config.port(), after.describe());
            throw new PrinterFaultException(after, "printer reported a fault after the job, it may be incomplete");
        }
        if (after.paper() == PaperState.NEAR_END) {
            log.info("printer on {}: paper near end", config.port());
        }
        log.debug("printed {} bytes on {}", escpos.length, config.port());
    }

    @Override
    public DeviceStatus check() {
        try {
            PrinterStatus s = status();
            String detail = config.port() + ": " + s.describe();
            return s.canPrint() ? DeviceStatus.ok("printer", detail) : DeviceStatus.failed("printer", detail);
        } catch (DeviceException e) {
            return DeviceStatus.failed("printer", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }

    private SerialLink link() throws DeviceException {
        if (link == null) {
            link = SerialLink.open(config.port(), config.baud());
            log.info("opened printer port {} at {} baud", config.port(), config.baud());
        }
        return link;
    }

    private void drop() {
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
