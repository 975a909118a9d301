package org.openkiosk.device.printer.transport;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A printer behind a character device file: the Linux USB printer class driver's {@code /dev/usb/lp0} (usblp),
 * which is bidirectional, so {@code DLE EOT} answers are read back from the same file. In tests a pty path
 * stands in for it.
 *
 * <p>Device files have no read timeout (no termios on usblp) and {@code available()} is not supported there, so
 * one daemon thread per connection blocks in {@code read} on the file's channel and hands bytes over; closing
 * the channel wakes it. Writes go through a stream on the same descriptor, so a write never waits for that
 * blocked read.
 */
public final class DeviceFileTransport implements PrinterTransport {
    private static final Logger log = LoggerFactory.getLogger(DeviceFileTransport.class);

    private final Path file;

    public DeviceFileTransport(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String address() {
        return "usb " + file;
    }

    @Override
    public PrinterConnection open() throws DeviceException {
        if (!Files.exists(file)) {
            throw new DeviceNotFoundException("printer device " + file + " does not exist (unplugged, or usblp not loaded?)");
        }
        RandomAccessFile raf;
        try {
            raf = new RandomAccessFile(file.toFile(), "rw");
        } catch (FileNotFoundException e) {
            throw new DeviceNotFoundException("cannot open printer device " + file + " (busy, or no permission: is the"
                    + " user in group lp?): " + e.getMessage(), e);
        }
        try {
            return new Connection(raf);
        } catch (IOException e) {
            try {
                raf.close();
            } catch (IOException ignored) {
                // reported below
            }
            throw new DeviceNotFoundException("cannot use printer device " + file + ": " + e.getMessage(), e);
        }
    }

    private final class Connection implements PrinterConnection {
        private final RandomAccessFile raf;
        private final FileChannel channel;
        private final FileOutputStream out;
        private final Thread reader;
        private final Deque<Byte> inbox = new ArrayDeque<>();
        private boolean gone;
        private volatile boolean closed;

        Connection(RandomAccessFile raf) throws IOException {
            this.raf = raf;
            this.channel = raf.getChannel();
            this.out = new FileOutputStream(raf.getFD());
            this.reader = new Thread(this::readLoop, "printer-reader " + file.getFileName());
            this.reader.setDaemon(true);
            this.reader.start();
        }

        private void readLoop() {
            ByteBuffer buf = ByteBuffer.allocate(256);
            try {
                while (!closed) {
                    buf.clear();
                    int n = channel.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (n == 0) { // usblp answers a read with nothing when the printer has nothing to say
                        Thread.sleep(5);
                        continue;
                    }
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            inbox.add(buf.get(i));
                        }
                        notifyAll();
                    }
                }
            } catch (AsynchronousCloseException e) {
                return; // closed by us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.info("printer device {} went away: {}", file, e.getMessage());
                }
            }
            synchronized (this) {
                gone = true;
                notifyAll();
            }
        }

        @Override
        public void write(byte[] data) throws DeviceException {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                throw new DeviceNotFoundException("write to printer device " + file + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized int readByte(Duration timeout) throws DeviceException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (inbox.isEmpty()) {
                if (gone) {
                    throw new DeviceNotFoundException("printer device " + file + " went away");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            return inbox.poll() & 0xFF;
        }

        @Override
        public synchronized void discardInput() throws DeviceException {
            inbox.clear();
            if (gone) {
                throw new DeviceNotFoundException("printer device " + file + " went away");
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                channel.close(); // wakes the reader
                raf.close();
            } catch (IOException e) {
                log.debug("closing printer device {}: {}", file, e.getMessage());
            }
        }
    }
}
