package org.openkiosk.device.idcard;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the reader.
 *
 * @param port    serial device, e.g. {@code /dev/ttyUSB0}
 * @param baud    line rate (the module's default is 115200)
 * @param timeout how long to wait for one reply from the module (not how long to wait for a card)
 */
public record IdReaderConfig(String port, int baud, Duration timeout) {
    public static final int DEFAULT_BAUD = 115200;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public IdReaderConfig {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(timeout, "timeout");
        if (port.isBlank()) {
            throw new IllegalArgumentException("idcard port is blank");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("idcard baud must be positive, got " + baud);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idcard timeout must be positive, got " + timeout);
        }
    }

    /** 115200 baud and a one-second reply timeout. */
    public static IdReaderConfig of(String port) {
        return new IdReaderConfig(port, DEFAULT_BAUD, DEFAULT_TIMEOUT);
    }
}
