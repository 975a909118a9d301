package org.openkiosk.device.idcard.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.CardType;
import org.openkiosk.device.idcard.GaT467Codec;
import org.openkiosk.device.idcard.GaT467Codec.Command;
import org.openkiosk.device.idcard.GaT467Codec.Request;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.io.serial.SerialLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GA/T 467 SAM module on the device end of a serial line (normally a pty pair): answers find, select, read, status,
 * reset and serial-number requests with frames built by {@link GaT467Codec}, paced at the line's baud rate in both
 * directions (a request is answered no sooner than its last byte would have arrived on a real line). Faults can be
 * switched on to exercise the driver's error paths.
 */
public final class IdCardSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdCardSimulator.class);
    private static final Duration SLOW_DELAY = Duration.ofMillis(250);
    private static final int REMOVED_AFTER_BYTES = 600;
    /** Garbage with near-miss preambles and a real preamble followed by an impossible length (FF FF). */
    private static final byte[] GARBAGE = {0x55, 0x00, (byte) 0xAA, 0x13, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x42,
        (byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, (byte) 0x69, (byte) 0xFF, (byte) 0xFF, 0x7E, 0x01,
        (byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96};

    /** What goes wrong on purpose. */
    public enum Fault {
        NONE,
        /** Read replies carry a wrong checksum. */
        CORRUPT_CHECKSUM,
        /** Every reply starts 250 ms late. */
        SLOW,
        /** Garbage (including near-miss preambles) is written before every reply. */
        GARBAGE_BETWEEN_FRAMES,
        /** The card is lifted part-way through a read reply: the frame stops and the card is gone. */
        REMOVED_MID_READ
    }

    private final SerialLink link;
    private final double bytesPerNano;
    private final Thread thread;
    private final AtomicInteger readRequests = new AtomicInteger();
    private volatile boolean running = true;
    private volatile IdCard card;
    private volatile Fault fault = Fault.NONE;
    /** Like many real modules: find answers "found" once per placed card, then "not found" while select still works. */
    private volatile boolean findOnce;
    private volatile boolean foundSincePlaced;
    /** How many more faulty replies to produce; negative means no limit. */
    private final AtomicInteger faultBudget = new AtomicInteger(-1);

    private IdCardSimulator(SerialLink link, int baud) {
        this.link = link;
        this.bytesPerNano = baud / 10.0 / 1e9; // 8N1: ten bits a byte
        this.thread = new Thread(this::serve, "idcard-sim " + link.path());
        thread.setDaemon(true);
    }

    /** Opens the device end of a pty (or a real port) and starts serving requests on a daemon thread. */
    public static IdCardSimulator start(Path deviceEndOfPty, int baud) throws DeviceException {
        IdCardSimulator sim = new IdCardSimulator(SerialLink.open(deviceEndOfPty.toString(), baud), baud);
        sim.thread.start();
        return sim;
    }

    /** Puts a card on the reader; it stays until {@link #removeCard()}. */
    public void placeCard(IdCard card) {
        this.foundSincePlaced = false;
        this.card = card;
    }

    public void removeCard() {
        this.card = null;
        this.foundSincePlaced = false;
    }

    /**
     * Makes find-card behave as on many real SAM modules: "card found" only once after a card is placed, then "no
     * card found" for as long as it lies there, while select-card keeps succeeding.
     */
    public void setFindOnce(boolean findOnce) {
        this.findOnce = findOnce;
    }

    /** Switches a fault on until it is switched off ({@link Fault#NONE}). */
    public void setFault(Fault fault) {
        setFault(fault, -1);
    }

    /** Switches a fault on for the next {@code times} replies it affects, then back to {@link Fault#NONE}. */
    public void setFault(Fault fault, int times) {
        this.faultBudget.set(times);
        this.fault = fault;
    }

    /** How many read-text-and-photo requests arrived, for tests that check retries. */
    public int readRequests() {
        return readRequests.get();
    }

    /** A realistic resident card: 张三丰, 汉, Hubei, a valid 18-digit number with its right check character. */
    public static IdCard sampleResident() {
        String first17 = "42038119850412123";
        byte[] photo = new byte[GaT467Codec.PHOTO_LENGTH];
        photo[0] = 'W';
        photo[1] = 'L';
        photo[2] = 0x66;
        return new IdCard(CardType.RESIDENT, "张三丰", "男", "汉", LocalDate.of(1985, 4, 12),
                "湖北省丹江口市武当山特区太子坡路18号", first17 + IdNumbers.checkChar(first17), "丹江口市公安局武当山分局",
                LocalDate.of(2016, 3, 1), "2036-03-01", null, true, photo);
    }

    private void serve() {
        GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
        byte[] buf = new byte[512];
        try {
            while (running) {
                int n = link.read(buf, 0, buf.length, Duration.ofMillis(50));
                scanner.feed(buf, 0, n);
                for (Optional<byte[]> f = scanner.next(); running && f.isPresent(); f = scanner.next()) {
                    // a pty delivers the request at once; on a real line its last byte arrives this much later
                    pause((long) (f.get().length / bytesPerNano));
                    handle(f.get());
                }
            }
        } catch (DeviceNotFoundException e) {
            log.info("simulated id card reader stops: {}", e.getMessage());
        } catch (DeviceException | RuntimeException e) {
            if (running) {
                log.warn("simulated id card reader failed", e);
            }
        }
    }

    private void handle(byte[] frame) throws DeviceException {
        Request request;
        try {
            request = GaT467Codec.parseRequest(frame);
        } catch (ProtocolException e) {
            log.debug("bad request: {}", e.getMessage());
            send(GaT467Codec.reply(GaT467Codec.checksumOk(frame) ? GaT467Codec.SW3_BAD_LENGTH
                    : GaT467Codec.SW3_BAD_CHECKSUM), false);
            return;
        }
        IdCard present = card;
        Optional<Command> command = Command.of(request.cmd(), request.para());
        if (command.isEmpty()) {
            send(GaT467Codec.reply(GaT467Codec.SW3_BAD_COMMAND), false);
            return;
        }
        switch (command.get()) {
            case FIND_CARD -> {
                boolean found = present != null && !(findOnce && foundSincePlaced);
                foundSincePlaced |= present != null;
                send(found ? GaT467Codec.cardFoundReply() : GaT467Codec.reply(GaT467Codec.SW3_FIND_FAILED), false);
            }
            case SELECT_CARD -> send(present != null ? GaT467Codec.cardSelectedReply()
                    : GaT467Codec.reply(GaT467Codec.SW3_SELECT_FAILED), false);
            case READ_TEXT_AND_PHOTO -> {
                readRequests.incrementAndGet();
                send(present != null ? GaT467Codec.readReply(present)
                        : GaT467Codec.reply(GaT467Codec.SW3_READ_FAILED), present != null);
            }
            case STATUS, RESET -> send(GaT467Codec.reply(GaT467Codec.SW3_SUCCESS), false);
            case MODULE_SERIAL_NUMBER -> send(GaT467Codec.reply(0, 0, GaT467Codec.SW3_SUCCESS,
                    "SIM-0000-0000-01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), false);
            default -> send(GaT467Codec.reply(GaT467Codec.SW3_BAD_COMMAND), false);
        }
    }

    /** Sends a reply, applying the current fault. {@code cardRead} marks a successful read reply. */
    private void send(byte[] reply, boolean cardRead) throws DeviceException {
        Fault f = fault;
        boolean affects = switch (f) {
            case NONE -> false;
            case SLOW, GARBAGE_BETWEEN_FRAMES -> true;
            case CORRUPT_CHECKSUM, REMOVED_MID_READ -> cardRead;
        };
        if (affects && !spendFault()) {
            affects = false;
        }
        if (!affects) {
            paced(reply);
            return;
        }
        switch (f) {
            case SLOW -> {
                pause(SLOW_DELAY.toNanos());
                paced(reply);
            }
            case GARBAGE_BETWEEN_FRAMES -> {
                byte[] both = Arrays.copyOf(GARBAGE, GARBAGE.length + reply.length);
                System.arraycopy(reply, 0, both, GARBAGE.length, reply.length);
                paced(both);
            }
            case CORRUPT_CHECKSUM -> {
                byte[] bad = reply.clone();
                bad[bad.length - 1] ^= 0x5A;
                paced(bad);
            }
            case REMOVED_MID_READ -> {
                paced(Arrays.copyOf(reply, REMOVED_AFTER_BYTES));
                card = null;
                log.info("simulated card lifted mid-read");
            }
            default -> paced(reply);
        }
    }

    private boolean spendFault() {
        int left = faultBudget.getAndUpdate(n -> n > 0 ? n - 1 : n);
        if (left == 0) {
            return false;
        }
        if (left == 1) {
            fault = Fault.NONE;
        }
        return true;
    }

    /**
     * Writes in small chunks at the line's rate: each chunk is handed over when its last byte would have finished
     * arriving on a real line, so a reply is complete no earlier than its wire time (what the benchmark compares to).
     */
    private void paced(byte[] data) throws DeviceException {
        long start = System.nanoTime();
        int chunk = 32;
        for (int off = 0; off < data.length && running; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            long due = start + (long) ((off + n) / bytesPerNano);
            pause(due - System.nanoTime());
            link.write(Arrays.copyOfRange(data, off, off + n));
        }
    }

    /** Sleeps in short slices so that {@link #close()} does not wait for a slow reply to finish. */
    private void pause(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && running; left = end - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, 10_000_000L));
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
