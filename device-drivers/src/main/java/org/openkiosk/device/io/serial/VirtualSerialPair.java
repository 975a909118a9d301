package org.openkiosk.device.io.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;

/**
 * Two linked pseudo-terminals made by {@code socat}: the driver opens {@link #driverEnd()}, a simulator
 * opens {@link #deviceEnd()}, and bytes cross the real tty layer between them. {@link #vanish()} kills
 * socat so the port disappears as a USB unplug would; {@link #reappear()} brings the same paths back.
 */
public final class VirtualSerialPair implements AutoCloseable {
    private final Path driverEnd;
    private final Path deviceEnd;
    private Process socat;

    private VirtualSerialPair(Path driverEnd, Path deviceEnd) {
        this.driverEnd = driverEnd;
        this.deviceEnd = deviceEnd;
    }

    /** Creates a pair whose links live in {@code dir} as {@code NAME} and {@code NAME.device}. */
    public static VirtualSerialPair create(Path dir, String name) throws DeviceException {
        VirtualSerialPair pair = new VirtualSerialPair(dir.resolve(name), dir.resolve(name + ".device"));
        pair.reappear();
        return pair;
    }

    public Path driverEnd() {
        return driverEnd;
    }

    public Path deviceEnd() {
        return deviceEnd;
    }

    /** Starts socat (again) and waits until both links exist. */
    public synchronized void reappear() throws DeviceException {
        if (socat != null && socat.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(driverEnd.getParent());
            socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + driverEnd, "pty,raw,echo=0,link=" + deviceEnd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new DeviceNotFoundException("cannot start socat to make a virtual serial port"
                    + " (install it: apt-get install socat)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(Files.exists(driverEnd) && Files.exists(deviceEnd))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                socat.destroyForcibly();
                throw new DeviceNotFoundException("socat did not create " + driverEnd);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceNotFoundException("interrupted while waiting for socat");
            }
        }
    }

    /** Kills socat: both ends disappear, as when a USB reader is unplugged. */
    public synchronized void vanish() {
        if (socat == null) {
            return;
        }
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(driverEnd);
            Files.deleteIfExists(deviceEnd);
        } catch (IOException ignored) {
            // socat removes its links itself; this is only a tidy-up
        }
    }

    @Override
    public void close() {
        vanish();
    }
}
