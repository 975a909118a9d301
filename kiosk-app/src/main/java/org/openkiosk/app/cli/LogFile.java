package org.openkiosk.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The kiosk's log as a file, for the technician screen and the diagnostic bundle. Logging goes through SLF4J's simple
 * logger to standard error. Installed as a service, standard error already is a file ({@code /var/log/openkiosk/kiosk.log},
 * rotated by logrotate), so nothing is added. Run by hand ({@code ./kiosk}, {@code ./kiosk demo}), standard error is a
 * terminal: it is then also copied to {@code DATA/logs/kiosk.log}, rolled over at {@value #ROLL_BYTES} bytes with
 * {@value #KEEP} older files kept ({@code kiosk.log.1} is the newest of them).
 */
final class LogFile extends OutputStream {
    static final long ROLL_BYTES = 2 * 1024 * 1024;
    static final int KEEP = 3;

    private final Path file;
    private final long rollBytes;
    private OutputStream out;
    private long size;

    LogFile(Path file, long rollBytes) throws IOException {
        this.file = file;
        this.rollBytes = rollBytes;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    /** Copies standard error into {@code dir/kiosk.log} unless standard error already goes to a file. */
    static void keepUnder(Path dir) {
        try {
            Path stderr = Path.of("/proc/self/fd/2");
            if (Files.exists(stderr) && Files.isRegularFile(stderr.toRealPath())) {
                return; // a service's log file already
            }
            LogFile log = new LogFile(dir.resolve("kiosk.log"), ROLL_BYTES);
            PrintStream terminal = System.err;
            System.setErr(new PrintStream(new Tee(terminal, log), true, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            System.err.println("kiosk: no log file in " + dir + ": " + e.getMessage() + " (logging to the terminal only)");
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (size > 0 && size + len > rollBytes) {
            roll();
        }
        out.write(b, off, len);
        size += len;
    }

    private void roll() throws IOException {
        out.close();
        for (int i = KEEP - 1; i >= 1; i--) {
            Path older = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(older)) {
                Files.move(older, file.resolveSibling(file.getFileName() + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Writes to both; a failing file never silences the terminal. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;
        private boolean secondBroken;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            if (!secondBroken) {
                try {
                    second.write(b, off, len);
                } catch (IOException e) {
                    secondBroken = true;
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            first.flush();
            if (!secondBroken) {
                try {
                    second.flush();
                } catch (IOException e) {
                    secondBroken = true;
                }
            }
        }
    }
}
