package org.openkiosk.device.idcard;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link SerialIdCardReader} and reports cards being placed and removed. Polling happens in the caller's
 * thread inside {@link #nextEvent}; nothing runs between calls, so a watcher costs nothing while nobody asks.
 *
 * <p>The watcher starts believing the reader is empty: a card already lying there is reported as placed by the first
 * call. One garbled reply does not count as a change (the next poll decides); two in a row are thrown.
 */
public final class CardWatcher {
    private static final Logger log = LoggerFactory.getLogger(CardWatcher.class);
    /** Default time between polls: quick enough to feel immediate, slow enough to leave the line mostly idle. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final SerialIdCardReader reader;
    private final Duration interval;
    private final Clock clock;
    private boolean present;

    public CardWatcher(SerialIdCardReader reader) {
        this(reader, DEFAULT_INTERVAL, Clock.systemUTC());
    }

    public CardWatcher(SerialIdCardReader reader, Duration interval, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + interval);
        }
    }

    /** Whether the last poll saw a card. */
    public boolean cardPresent() {
        return present;
    }

    /**
     * Polls until the card's presence changes or {@code timeout} has passed.
     *
     * @return the change, or empty when nothing changed in time
     * @throws org.openkiosk.device.DeviceNotFoundException the port went away (the reader reopens it on a later call)
     * @throws org.openkiosk.device.DeviceTimeoutException  the module stopped answering
     * @throws ProtocolException                            two garbled replies in a row
     */
    public Optional<CardEvent> nextEvent(Duration timeout) throws DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean garbled = false;
        while (true) {
            boolean now;
            try {
                now = reader.cardPresent();
                garbled = false;
            } catch (ProtocolException e) {
                if (garbled) {
                    throw e;
                }
                garbled = true;
                log.debug("garbled reply while watching {}: {}", reader.port(), e.getMessage());
                now = present;
            }
            if (now != present) {
                present = now;
                CardEvent event = new CardEvent(now ? CardEvent.Kind.PLACED : CardEvent.Kind.REMOVED, clock.instant());
                log.info("card {} on {}", event.kind().wireName(), reader.port());
                return Optional.of(event);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted while watching the id card reader");
            }
        }
    }
}
