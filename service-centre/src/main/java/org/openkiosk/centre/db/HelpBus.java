package org.openkiosk.centre.db;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the centre instances sharing one database tell each other about remote help: a request raised, taken, a staff
 * message or pointer, a kiosk's new frame, an end. On PostgreSQL it is {@code LISTEN/NOTIFY} plus a table holding the
 * latest frame of each request ({@link PostgresHelpBus}); the embedded centre is one process
 * and uses {@link #inProcess()}, which tells no one, because everyone is here.
 *
 * <p>An event is a short JSON text (well under PostgreSQL's 8000-byte NOTIFY limit); an instance does not receive its
 * own. A notification is best effort: an instance that was cut off from the database catches up from the tables (see
 * {@code HelpDesk.tick()}). What staff send a kiosk (a message, a pointer) is not only notified but kept, numbered per
 * request ({@link #publishForKiosk}), until the request ends: the instance holding the kiosk's socket sends it what
 * lies after the last number sent ({@link #pending}, {@link #claim}), whenever it hears of it or catches up.
 */
public interface HelpBus extends AutoCloseable {

    /** The latest frame of a request and its number (numbers grow with each frame of the request). */
    record Frame(long seq, byte[] jpeg) {
    }

    /**
     * Starts receiving the other instances' events: each goes to {@code events}; {@code reconnected} runs whenever the
     * bus (re)connected, when events may have been missed.
     */
    void start(Consumer<String> events, Runnable reconnected);

    /** Tells the other instances {@code event}. */
    void publish(String event);

    /** An event kept for the kiosk of a request, and its number (1, 2, ... per request). */
    record KioskEvent(long seq, String event) {
    }

    /** What the kiosk of a request has not been sent: the number of the last event it was sent, and those after it. */
    record Pending(long sent, List<KioskEvent> events) {
    }

    /**
     * Keeps {@code event} (a JSON object) for the kiosk of request {@code id} with the request's next number, and tells
     * the other instances the event with that number added as {@code seq}.
     *
     * @return the number; 0 when nothing is kept (one process: the event is for a socket here or for no one); -1 when
     *         the request is not open
     */
    long publishForKiosk(String id, String event);

    /** For each of these requests that is open: what its kiosk has not been sent yet, oldest first. */
    Map<String, Pending> pending(Collection<String> ids);

    /**
     * Records that the kiosk of request {@code id}, last sent event {@code from}, is now sent the events up to
     * {@code upTo}; false when its record moved meanwhile (another socket of the kiosk was sent them), and nothing was
     * recorded. Called before sending: an event is never sent twice, whoever sends it.
     */
    boolean claim(String id, long from, long upTo);

    /** Keeps {@code jpeg} as the latest frame of request {@code id} and tells the other instances its number. */
    void offerFrame(String id, byte[] jpeg, Instant at);

    /** The latest frame of request {@code id} kept for the other instances, if any. */
    Optional<Frame> latestFrame(String id);

    /** Drops the frame and the kiosk's events kept for request {@code id} (it ended). */
    void forget(String id);

    /**
     * Drops the frames and events kept for requests that are no longer open (their instance stopped before it could);
     * how many rows.
     */
    int prune();

    @Override
    void close();

    /** One process: nothing to tell anyone, no frame to keep. */
    static HelpBus inProcess() {
        return new HelpBus() {
            @Override
            public void start(Consumer<String> events, Runnable reconnected) {
            }

            @Override
            public void publish(String event) {
            }

            @Override
            public long publishForKiosk(String id, String event) {
                return 0;
            }

            @Override
            public Map<String, Pending> pending(Collection<String> ids) {
                return Map.of();
            }

            @Override
            public boolean claim(String id, long from, long upTo) {
                return true;
            }

            @Override
            public void offerFrame(String id, byte[] jpeg, Instant at) {
            }

            @Override
            public Optional<Frame> latestFrame(String id) {
                return Optional.empty();
            }

            @Override
            public void forget(String id) {
            }

            @Override
            public int prune() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
