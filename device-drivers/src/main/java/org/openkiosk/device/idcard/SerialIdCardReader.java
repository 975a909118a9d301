package org.openkiosk.device.idcard;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.GaT467Codec.Command;
import org.openkiosk.device.idcard.GaT467Codec.Reply;
import org.openkiosk.device.io.serial.SerialLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GA/T 467 SAM reader on a serial line. The port is opened on first use and reopened after it went away (USB
 * unplugged); every reply frame's length and checksum are verified, garbage before a frame is skipped, and a garbled
 * exchange is retried a bounded number of times before its {@link ProtocolException} is thrown. Thread-safe: calls
 * are serialised; {@link #check()} during a long {@link #read} waits at most one reply timeout, then reports "busy".
 */
public final class SerialIdCardReader implements IdCardReader {
    private static final Logger log = LoggerFactory.getLogger(SerialIdCardReader.class);
    private static final String DEVICE = "idcard";
    /** Time between find-card polls while waiting for a card. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Garbled or truncated exchanges tolerated within one {@link #read} before giving up. */
    static final int MAX_RETRIES = 2;
    /** Silence on the line that means a late reply has finished arriving. */
    private static final Duration QUIET = Duration.ofMillis(30);
    /** Preamble, length, SW1-SW3 and the text and photo lengths: the part of a read reply safe to log. */
    private static final int HEADER_KEPT = 14;

    private final IdReaderConfig config;
    private final GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
    private final byte[] chunk = new byte[2048];
    private final ReentrantLock lock = new ReentrantLock();
    private SerialLink link;

    public SerialIdCardReader(IdReaderConfig config) {
        this.config = config;
    }

    @Override
    public IdCard read(Duration timeout) throws DeviceException {
        return readTimed(timeout).card();
    }

    /**
     * Like {@link #read}, and also says how long the exchange that read the card took: find, select and read, without
     * the time spent waiting for a card to be placed.
     */
    public TimedRead readTimed(Duration timeout) throws DeviceException {
        lockInterruptibly();
        try {
            return readLocked(timeout);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a card lies on the reader now: one find-card exchange, and when the module says "not found", a
     * select-card exchange too, because many SAM modules find a card only once and then answer select for as long as
     * it stays. Used by {@link CardWatcher}.
     *
     * @throws DeviceNotFoundException the port went away
     * @throws DeviceTimeoutException  the module did not answer
     * @throws ProtocolException       the reply was garbled
     */
    public boolean cardPresent() throws DeviceException {
        lockInterruptibly();
        try {
            Reply found = exchange(Command.FIND_CARD, "find card");
            if (found.sw3() == GaT467Codec.SW3_CARD_FOUND) {
                return true;
            }
            if (found.sw3() != GaT467Codec.SW3_FIND_FAILED) {
                throw new ReaderStatusException("find card", found.sw3());
            }
            Reply selected = exchange(Command.SELECT_CARD, "select card");
            return selected.isSuccess();
        } catch (RetryableStatus e) {
            throw e.status;
        } finally {
            lock.unlock();
        }
    }

    /** The port this reader talks to. */
    public String port() {
        return config.port();
    }

    private void lockInterruptibly() throws DeviceException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while waiting for the id card reader");
        }
    }

    private TimedRead readLocked(Duration timeout) throws DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int failures = 0;
        int polls = 0;
        while (true) {
            try {
                long start = System.nanoTime();
                Optional<IdCard> card = tryRead();
                if (card.isPresent()) {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    log.info("read {} after {} polls in {} ms", card.get(), polls, took.toMillis());
                    return new TimedRead(card.get(), took);
                }
            } catch (ProtocolException | RetryableStatus e) {
                failures = countFailure(failures, e);
                continue; // a card may be there: retry at once, even past the deadline
            } catch (DeviceTimeoutException e) {
                // a reply that stopped mid-frame (card lifted, line noise) or a silent module
                failures = countFailure(failures, e);
                settle();
                continue;
            }
            polls++;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NoCardException("no card placed on the reader at " + config.port() + " within "
                        + timeout.toMillis() + " ms");
            }
            sleep(Math.min(left, POLL_INTERVAL.toNanos()));
        }
    }

    private int countFailure(int failures, DeviceException e) throws DeviceException {
        int n = failures + 1;
        if (n > MAX_RETRIES) {
            throw e instanceof RetryableStatus r ? r.status : e;
        }
        log.warn("id card exchange failed ({} of {} retries): {}", n, MAX_RETRIES, e.getMessage());
        return n;
    }

    /**
     * One find, select, read. Empty when there is no card (or it was lifted before it could be read). A failed find is
     * still followed by a select: many modules find a card only once (a watcher may have done that already) and then
     * answer select for as long as it lies there.
     */
    private Optional<IdCard> tryRead() throws DeviceException {
        Reply found = exchange(Command.FIND_CARD, "find card");
        if (found.sw3() != GaT467Codec.SW3_CARD_FOUND && found.sw3() != GaT467Codec.SW3_FIND_FAILED) {
            throw new ReaderStatusException("find card", found.sw3());
        }
        Reply selected = exchange(Command.SELECT_CARD, "select card");
        if (isCardGone(selected.sw3())) {
            return Optional.empty();
        }
        if (!selected.isSuccess()) {
            throw new ReaderStatusException("select card", selected.sw3());
        }
        try {
            Reply read = exchange(Command.READ_TEXT_AND_PHOTO, "read card");
            if (isCardGone(read.sw3())) {
                log.info("card lifted during the read; waiting for it again");
                return Optional.empty();
            }
            if (!read.isSuccess()) {
                throw new ReaderStatusException("read card", read.sw3());
            }
            return Optional.of(GaT467Codec.decodeReadReply(read));
        } catch (ProtocolException e) {
            throw withoutPersonalData(e);
        }
    }

    /**
     * A read reply holds a resident's name, number and address; an exception about it keeps only the frame's header
     * (preamble, length, status, inner lengths) so that logging it leaks nothing.
     */
    static ProtocolException withoutPersonalData(ProtocolException e) {
        byte[] frame = e.frame();
        String message = e.getMessage();
        int hex = message.lastIndexOf(" [");
        if (hex >= 0) {
            message = message.substring(0, hex);
        }
        return new ProtocolException("read card: " + message + " (" + frame.length + "-byte frame, personal data left out)",
                java.util.Arrays.copyOf(frame, Math.min(frame.length, HEADER_KEPT)));
    }

    private static boolean isCardGone(int sw3) {
        return sw3 == GaT467Codec.SW3_FIND_FAILED || sw3 == GaT467Codec.SW3_SELECT_FAILED
                || sw3 == GaT467Codec.SW3_READ_FAILED;
    }

    @Override
    public DeviceStatus check() {
        try {
            if (!lock.tryLock(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return DeviceStatus.ok(DEVICE, "busy reading a card on " + config.port());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeviceStatus.failed(DEVICE, "interrupted while waiting to check the reader");
        }
        try {
            return checkLocked();
        } finally {
            lock.unlock();
        }
    }

    private DeviceStatus checkLocked() {
        try {
            Reply reply = exchange(Command.STATUS, "status");
            if (reply.isSuccess()) {
                return DeviceStatus.ok(DEVICE, "SAM module ready on " + config.port());
            }
            return DeviceStatus.failed(DEVICE, "SAM module on " + config.port() + " reports: "
                    + GaT467Codec.statusText(reply.sw3()));
        } catch (RetryableStatus e) {
            return DeviceStatus.failed(DEVICE, e.status.getMessage());
        } catch (DeviceException e) {
            return DeviceStatus.failed(DEVICE, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("id card reader check failed unexpectedly", e);
            return DeviceStatus.failed(DEVICE, "check failed: " + e);
        }
    }

    /** Sends one request and returns its validated reply. Closes the link if the port went away. */
    private Reply exchange(Command command, String operation) throws DeviceException {
        SerialLink l = open();
        try {
            l.discardInput();
            scanner.clear();
            l.write(GaT467Codec.request(command));
            Reply reply = GaT467Codec.parseReply(readFrame(l, operation));
            if (reply.sw3() == GaT467Codec.SW3_BAD_CHECKSUM || reply.sw3() == GaT467Codec.SW3_BAD_LENGTH) {
                // the module got our request garbled: worth sending again
                throw new RetryableStatus(new ReaderStatusException(operation, reply.sw3()));
            }
            return reply;
        } catch (DeviceNotFoundException e) {
            closeLink();
            throw e;
        }
    }

    private byte[] readFrame(SerialLink l, String operation) throws DeviceException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            Optional<byte[]> frame = scanner.next();
            if (frame.isPresent()) {
                return frame.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DeviceTimeoutException(operation + ": no whole reply from the reader at " + config.port()
                        + " within " + config.timeout().toMillis() + " ms (" + scanner.buffered() + " bytes held)");
            }
            int n = l.read(chunk, 0, chunk.length, Duration.ofNanos(left));
            scanner.feed(chunk, 0, n);
        }
    }

    /**
     * After a reply timed out, waits until the line has been quiet for a moment (at most one reply timeout), so that
     * a late reply is not taken for the answer to the next request.
     */
    private void settle() throws DeviceException {
        if (link == null) {
            return;
        }
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (System.nanoTime() < deadline && link.read(chunk, 0, chunk.length, QUIET) > 0) {
            // discard
        }
        scanner.clear();
    }

    private SerialLink open() throws DeviceException {
        if (link == null) {
            link = SerialLink.open(config.port(), config.baud());
            log.info("opened id card reader port {} at {} baud", config.port(), config.baud());
        }
        return link;
    }

    private void closeLink() {
        if (link != null) {
            log.warn("id card reader port {} went away; will reopen on next use", config.port());
            link.close();
            link = null;
        }
    }

    private static void sleep(long nanos) throws DeviceException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while waiting for an id card");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (link != null) {
                link.close();
                link = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A module status that means our request arrived garbled; carries the exception to throw if retries run out. */
    private static final class RetryableStatus extends DeviceException {
        private final ReaderStatusException status;

        RetryableStatus(ReaderStatusException status) {
            super(status.getMessage());
            this.status = status;
        }
    }
}
