package org.openkiosk.centre.db;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the centre instances sharing one database tell each other about remote help: a request raised, taken, a staff
 * message or pointer, a kiosk's new frame, an end. On PostgreSQL it is {@code LISTEN/NOTIFY} plus a table holding the
 * latest frame of each request ({@link PostgresHelpBus}); the embedded centre is one process
 * and uses {@link #inProcess()}, which tells no one, because everyone is here.
 *
 * <p>An event is a short JSON text (well under PostgreSQL's 8000-byte NOTIFY limit); an instance does not receive its
 * own. Delivery is best effort: an instance that was cut off from the database catches up from the tables (see
 * {@code HelpDesk.tick()}).
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

    /** Keeps {@code jpeg} as the latest frame of request {@code id} and tells the other instances its number. */
    void offerFrame(String id, byte[] jpeg, Instant at);

    /** The latest frame of request {@code id} kept for the other instances, if any. */
    Optional<Frame> latestFrame(String id);

    /** Drops the frame kept for request {@code id} (it ended). */
    void forget(String id);

    /** Drops frames kept for requests that are no longer open (their instance stopped before it could); how many. */
    int pruneFrames();

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
            public int pruneFrames() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
