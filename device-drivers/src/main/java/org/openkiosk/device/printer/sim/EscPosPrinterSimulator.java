package org.openkiosk.device.printer.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javax.imageio.ImageIO;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.io.serial.SerialLink;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.EscPosStatus;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.PrinterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ESC/POS receipt printer on the device end of a pty ({@link #start}) or listening on raw TCP like a network
 * printer's port 9100 ({@link #listenTcp}), for device tests and the demo. Both media feed the same printer
 * logic below; a pty path opened as a plain file also stands in for a USB printer device file.
 *
 * <p>Input is framed with {@link EscPosDecoder#commandLength}, as a printer does. Real-time status requests
 * ({@code DLE EOT n}) are answered at once with {@link EscPosStatus} bytes for the current paper and cover
 * state; everything else is a job byte: kept in {@link #received()} and queued for printing. While the printer
 * cannot print (paper end, cover open) the queue waits, as a real printer's buffer does, and is printed once
 * {@link #setPaper}/{@link #setCoverOpen} clear the fault. Each cut ({@code GS V}) ends a receipt, written to the
 * output directory as {@code receipt-0001.bin} (its bytes) and {@code receipt-0001.png} ({@link ReceiptRenderer}).
 * If the port goes away the simulator waits for it to come back and opens it again.
 *
 * <p>{@link #paperEndAfter(int)} makes the paper run out in the middle of a job, after a given number of job
 * bytes. What was printed until then is torn off as {@code receipt-0001-partial.bin/.png}; the rest of the
 * interrupted job, up to its cut, is dropped, as kiosk printers set to clear their buffer on paper end do, so
 * that after a refill the next receipt starts clean and the kiosk prints the whole receipt again. Every byte that
 * arrived stays in {@link #received()}.
 */
public final class EscPosPrinterSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EscPosPrinterSimulator.class);
    private static final Duration POLL = Duration.ofMillis(20);

    /** Sends a status answer back over the medium the query came in on. */
    private interface Reply {
        void send(byte[] bytes) throws IOException, DeviceException;
    }

    private final Path deviceEnd;
    private final Path outputDir;
    private final Thread reader;
    private volatile boolean closed;
    private SerialLink link;
    private final ServerSocket server;
    private Socket client;

    private byte[] inbox = new byte[0];
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final ByteArrayOutputStream receipt = new ByteArrayOutputStream();
    private final List<Path> receipts = new ArrayList<>();
    private int cuts;
    private boolean chineseAtReceiptStart;
    private boolean chinese;
    private PaperState paper = PaperState.OK;
    private boolean coverOpen;
    private int paperLeft = -1;
    private boolean droppingToCut;

    private EscPosPrinterSimulator(Path deviceEnd, Path outputDir, SerialLink link) {
        this.deviceEnd = deviceEnd;
        this.outputDir = outputDir;
        this.link = link;
        this.server = null;
        this.reader = new Thread(this::readLoop, "escpos-sim " + deviceEnd.getFileName());
        this.reader.setDaemon(true);
    }

    private EscPosPrinterSimulator(ServerSocket server, Path outputDir) {
        this.deviceEnd = null;
        this.outputDir = outputDir;
        this.server = server;
        this.reader = new Thread(this::acceptLoop, "escpos-sim tcp " + server.getLocalPort());
        this.reader.setDaemon(true);
    }

    /** Opens {@code deviceEndOfPty} and starts answering; receipts go to {@code outputDir} (created if needed). */
    public static EscPosPrinterSimulator start(Path deviceEndOfPty, Path outputDir) throws DeviceException {
        createOutput(outputDir);
        EscPosPrinterSimulator sim = new EscPosPrinterSimulator(deviceEndOfPty, outputDir,
                SerialLink.open(deviceEndOfPty.toString(), 115200));
        sim.reader.start();
        return sim;
    }

    /**
     * Listens on {@code 127.0.0.1:port} (0: any free port, see {@link #tcpPort()}) as a network printer's raw port
     * does: one connection at a time, status answered on the same socket; receipts go to {@code outputDir}.
     */
    public static EscPosPrinterSimulator listenTcp(int port, Path outputDir) throws DeviceException {
        createOutput(outputDir);
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new DeviceException("simulated printer cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        EscPosPrinterSimulator sim = new EscPosPrinterSimulator(server, outputDir);
        sim.reader.start();
        return sim;
    }

    /** The TCP port this simulator listens on ({@link #listenTcp} only). */
    public int tcpPort() {
        if (server == null) {
            throw new IllegalStateException("this simulated printer is on a pty, not TCP");
        }
        return server.getLocalPort();
    }

    private static void createOutput(Path outputDir) throws DeviceException {
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new DeviceException("cannot create simulator output directory " + outputDir, e);
        }
    }

    /** Sets the roll paper sensor; {@link PaperState#OK} or {@code NEAR_END} after an end is a refill. */
    public synchronized void setPaper(PaperState p) {
        paper = java.util.Objects.requireNonNull(p, "paper");
        if (p != PaperState.END) {
            paperLeft = -1;
        }
        drain();
    }

    /**
     * The paper runs out after {@code jobBytes} more job bytes have been printed (at the end of the command that
     * crosses the count), in the middle of whatever job is printing then.
     */
    public synchronized void paperEndAfter(int jobBytes) {
        if (jobBytes < 0) {
            throw new IllegalArgumentException("jobBytes must not be negative, was " + jobBytes);
        }
        paperLeft = jobBytes;
    }

    public synchronized void setCoverOpen(boolean open) {
        coverOpen = open;
        drain();
    }

    /** The status this printer reports now. */
    public synchronized PrinterStatus state() {
        return new PrinterStatus(!coverOpen && paper != PaperState.END, coverOpen, paper);
    }

    /** All job bytes received so far, status queries excluded. */
    public synchronized byte[] received() {
        return received.toByteArray();
    }

    /** The files written so far: a .bin and a .png per cut, in order. */
    public synchronized List<Path> receipts() {
        return List.copyOf(receipts);
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            synchronized (this) {
                closeClient();
            }
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (link != null) {
                link.close();
                link = null;
            }
        }
    }

    private void acceptLoop() {
        byte[] buf = new byte[4096];
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("simulated printer stopped accepting on port {}: {}", server.getLocalPort(), e.getMessage());
                }
                return;
            }
            synchronized (this) {
                client = s;
                inbox = new byte[0];
            }
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                Reply reply = bytes -> {
                    out.write(bytes);
                    out.flush();
                };
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n > 0) {
                        onBytes(reply, Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException | DeviceException e) {
                log.debug("simulated printer connection ended: {}", e.getMessage());
            } finally {
                synchronized (this) {
                    if (client == s) {
                        client = null;
                    }
                }
            }
        }
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            client = null;
        }
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        while (!closed) {
            SerialLink l;
            synchronized (this) {
                l = link;
            }
            if (l == null) {
                reopen();
                continue;
            }
            try {
                int n = l.read(buf, 0, buf.length, Duration.ofMillis(50));
                if (n > 0) {
                    onBytes(l::write, Arrays.copyOf(buf, n));
                }
            } catch (IOException | DeviceException e) {
                log.info("simulated printer lost its port {}: {}", deviceEnd, e.getMessage());
                synchronized (this) {
                    l.close();
                    if (link == l) {
                        link = null;
                    }
                }
            }
        }
    }

    private void reopen() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        }
        if (closed || !Files.exists(deviceEnd)) {
            return;
        }
        try {
            SerialLink l = SerialLink.open(deviceEnd.toString(), 115200);
            synchronized (this) {
                if (closed) {
                    l.close();
                } else {
                    link = l;
                    inbox = new byte[0];
                    log.info("simulated printer reopened {}", deviceEnd);
                }
            }
        } catch (DeviceNotFoundException e) {
            log.debug("simulated printer cannot reopen {} yet: {}", deviceEnd, e.getMessage());
        } catch (DeviceException e) {
            log.warn("simulated printer cannot reopen {}", deviceEnd, e);
        }
    }

    private synchronized void onBytes(Reply reply, byte[] data) throws IOException, DeviceException {
        byte[] all = Arrays.copyOf(inbox, inbox.length + data.length);
        System.arraycopy(data, 0, all, inbox.length, data.length);
        int pos = 0;
        while (pos < all.length) {
            int len = EscPosDecoder.commandLength(all, pos, all.length);
            if (len < 0) {
                break;
            }
            byte[] chunk = Arrays.copyOfRange(all, pos, pos + len);
            pos += len;
            if (len == 3 && chunk[0] == 0x10 && chunk[1] == 0x04) {
                drain();
                int n = chunk[2];
                if (n >= 1 && n <= 4) {
                    reply.send(new byte[] {EscPosStatus.encode(n, state())});
                }
            } else {
                received.writeBytes(chunk);
                queue.add(chunk);
            }
        }
        inbox = Arrays.copyOfRange(all, pos, all.length);
        drain();
    }

    /** Prints queued job bytes while the printer can print. */
    private void drain() {
        while (state().canPrint() && !queue.isEmpty()) {
            byte[] chunk = queue.poll();
            if (droppingToCut) {
                droppingToCut = !(chunk.length >= 2 && chunk[0] == 0x1D && chunk[1] == 'V');
                continue;
            }
            if (receipt.size() == 0) {
                chineseAtReceiptStart = chinese;
            }
            receipt.writeBytes(chunk);
            if (chunk.length >= 2 && chunk[0] == 0x1C && (chunk[1] == '&' || chunk[1] == '.')) {
                chinese = chunk[1] == '&';
            } else if (chunk.length >= 2 && chunk[0] == 0x1B && chunk[1] == '@') {
                chinese = false;
            } else if (chunk.length >= 2 && chunk[0] == 0x1D && chunk[1] == 'V') {
                finishReceipt("");
                continue;
            }
            if (paperLeft >= 0) {
                paperLeft -= Math.min(paperLeft, chunk.length);
                if (paperLeft == 0) {
                    runOutOfPaper();
                }
            }
        }
    }

    /** Paper end in the middle of a receipt: tear off what was printed, drop the rest of the job up to its cut. */
    private void runOutOfPaper() {
        paper = PaperState.END;
        paperLeft = -1;
        if (receipt.size() > 0) {
            log.info("simulated printer ran out of paper after {} bytes of a receipt", receipt.size());
            finishReceipt("-partial");
            droppingToCut = true;
        }
        while (droppingToCut && !queue.isEmpty()) {
            byte[] chunk = queue.poll();
            droppingToCut = !(chunk.length >= 2 && chunk[0] == 0x1D && chunk[1] == 'V');
        }
    }

    private void finishReceipt(String suffix) {
        byte[] bytes = receipt.toByteArray();
        receipt.reset();
        String name = String.format("receipt-%04d", ++cuts) + suffix;
        Path bin = outputDir.resolve(name + ".bin");
        Path png = outputDir.resolve(name + ".png");
        try {
            Files.write(bin, bytes);
            receipts.add(bin);
            byte[] toRender = bytes;
            if (chineseAtReceiptStart) {
                toRender = new byte[bytes.length + 2];
                toRender[0] = 0x1C;
                toRender[1] = '&';
                System.arraycopy(bytes, 0, toRender, 2, bytes.length);
            }
            ImageIO.write(ReceiptRenderer.render(toRender), "png", png.toFile());
            receipts.add(png);
            log.debug("simulated printer cut receipt {} ({} bytes)", name, bytes.length);
        } catch (IOException | RuntimeException e) {
            log.error("simulated printer could not write {}", name, e);
        }
    }
}
