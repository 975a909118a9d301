package org.openkiosk.centre.db;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help between centre instances on one PostgreSQL: events go out with {@code pg_notify} on the channel
 * {@value #CHANNEL} and come in on one connection of this instance's own (outside the pool) that {@code LISTEN}s on
 * it; a frame, far larger than a NOTIFY payload may be (8000 bytes), is written to the UNLOGGED table
 * {@code help_frames} (one row per request, overwritten) in the same statement that notifies its request's id and
 * number, so the row is there when the notification arrives. A watching instance reads the latest row, so a slow reader
 * skips stale frames instead of queueing them.
 *
 * <p>What staff send a kiosk is kept in {@code help_kiosk_events}, numbered per request by
 * {@code help_requests.event_seq}, in the same statement that notifies it (with its number); the instance holding the
 * kiosk's socket moves {@code help_requests.kiosk_seq} forward before sending, and sends what lies after it when it
 * hears of an event out of turn, reconnects, or catches up. The rows go when the request ends.
 *
 * <p>Each payload starts with this instance's random id and a space; an instance ignores its own. A lost listening
 * connection is opened again (0.5 s doubling to 10 s) and the help desk told to catch up. An idle listening connection
 * is checked with {@code SELECT 1} every {@value #CHECK_IDLE_MS} ms, so a connection that died silently is noticed.
 */
public final class PostgresHelpBus implements HelpBus {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresHelpBus.class);
    static final String CHANNEL = "openkiosk_help";
    /** The listening connection's name in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "openkiosk-centre-help-listen";
    /** A NOTIFY payload must stay under 8000 bytes; events are far smaller (a message is at most 200 characters). */
    private static final int MAX_PAYLOAD = 7900;
    private static final int CHECK_IDLE_MS = 10_000;

    private final CentreDatabase database;
    private final String origin;
    private volatile boolean running;
    private volatile Connection listening;
    private Thread listener;

    public PostgresHelpBus(CentreDatabase database) {
        this.database = database;
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        this.origin = HexFormat.of().formatHex(b);
    }

    @Override
    public synchronized void start(Consumer<String> events, Runnable reconnected) {
        if (running) {
            return;
        }
        running = true;
        listener = new Thread(() -> listen(events, reconnected), "centre-help-listen");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen(Consumer<String> events, Runnable reconnected) {
        long backoff = 500;
        boolean first = true;
        while (running) {
            try (Connection c = database.dedicatedConnection(APPLICATION_NAME)) {
                listening = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (!first) {
                    LOG.info("Remote help: listening on {} again", CHANNEL);
                }
                backoff = 500;
                if (!first) {
                    reconnected.run();
                }
                first = false;
                long idleSince = System.nanoTime();
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null && got.length > 0) {
                        idleSince = System.nanoTime();
                        for (PGNotification n : got) {
                            deliver(n.getParameter(), events);
                        }
                    } else if (System.nanoTime() - idleSince > CHECK_IDLE_MS * 1_000_000L) {
                        try (Statement st = c.createStatement()) {
                            st.setQueryTimeout(5);
                            st.execute("SELECT 1");
                        }
                        idleSince = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                first = false;
                LOG.warn("Remote help: the listening connection to PostgreSQL failed ({}); trying again in {} ms",
                        e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            } finally {
                listening = null;
            }
        }
    }

    private void deliver(String payload, Consumer<String> events) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        if (space < 0 || payload.regionMatches(0, origin, 0, space) && space == origin.length()) {
            return; // malformed, or our own
        }
        try {
            events.accept(payload.substring(space + 1));
        } catch (RuntimeException e) {
            LOG.warn("Remote help: an event from another instance failed here: {}", e.toString());
        }
    }

    @Override
    public void publish(String event) {
        String payload = origin + " " + event;
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            LOG.warn("Remote help: an event of {} characters is too long for NOTIFY; not sent", event.length());
            return;
        }
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, payload);
            st.execute();
        } catch (SQLException e) {
            throw new DatabaseException("cannot tell the other centre instances about remote help", e);
        }
    }

    @Override
    public long publishForKiosk(String id, String event) {
        if (!event.startsWith("{") || event.length() < 3) {
            throw new IllegalArgumentException("an event is a JSON object");
        }
        String prefix = origin + " {\"seq\":";
        String rest = "," + event.substring(1);
        if ((prefix + Long.MAX_VALUE + rest).getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("an event of " + event.length() + " characters is too long for NOTIFY");
        }
        // one statement, one transaction: numbered (the request's row locked meanwhile, so numbers follow each other),
        // kept, and notified only when kept; nothing when the request has ended
        String sql = """
                WITH n AS (
                  UPDATE help_requests SET event_seq = event_seq + 1 WHERE id = ? AND ended_ms IS NULL
                  RETURNING event_seq),
                k AS (
                  INSERT INTO help_kiosk_events (request_id, seq, event, at_ms) SELECT ?, event_seq, ?, ? FROM n
                  RETURNING seq)
                SELECT k.seq, pg_notify(?, ? || k.seq || ?) FROM k""";
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            CentreDatabase.bind(st, id, id, event, System.currentTimeMillis(), CHANNEL, prefix, rest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot keep an event for the kiosk of help request " + id, e);
        }
    }

    @Override
    public Map<String, Pending> pending(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String sql = """
                SELECT r.id, r.kiosk_seq, e.seq, e.event FROM help_requests r
                LEFT JOIN help_kiosk_events e ON e.request_id = r.id AND e.seq > r.kiosk_seq
                WHERE r.id = ANY (?) AND r.ended_ms IS NULL ORDER BY r.id, e.seq""";
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("text", ids.toArray()));
            Map<String, Long> sent = new LinkedHashMap<>();
            Map<String, List<KioskEvent>> events = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    sent.put(id, rs.getLong(2));
                    List<KioskEvent> list = events.computeIfAbsent(id, x -> new ArrayList<>());
                    long seq = rs.getLong(3);
                    if (!rs.wasNull()) {
                        list.add(new KioskEvent(seq, rs.getString(4)));
                    }
                }
            }
            Map<String, Pending> out = new LinkedHashMap<>();
            sent.forEach((id, s) -> out.put(id, new Pending(s, List.copyOf(events.get(id)))));
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the events kept for kiosks", e);
        }
    }

    @Override
    public boolean claim(String id, long from, long upTo) {
        try (Connection c = database.connection()) {
            return CentreDatabase.update(c, "UPDATE help_requests SET kiosk_seq = ? WHERE id = ? AND kiosk_seq = ?",
                    upTo, id, from) == 1;
        } catch (SQLException e) {
            throw new DatabaseException("cannot record what the kiosk of help request " + id + " was sent", e);
        }
    }

    @Override
    public void offerFrame(String id, byte[] jpeg, Instant at) {
        // one statement: the row is written and its number notified in one transaction, so the row is visible first
        String sql = """
                WITH f AS (
                  INSERT INTO help_frames (request_id, seq, jpeg, at_ms) VALUES (?, 1, ?, ?)
                  ON CONFLICT (request_id) DO UPDATE
                    SET seq = help_frames.seq + 1, jpeg = EXCLUDED.jpeg, at_ms = EXCLUDED.at_ms
                  RETURNING seq)
                SELECT pg_notify(?, ? || f.seq || '}') FROM f""";
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, id);
            st.setBytes(2, jpeg);
            st.setLong(3, at.toEpochMilli());
            st.setString(4, CHANNEL);
            st.setString(5, origin + " {\"t\":\"frame\",\"id\":\"" + id + "\",\"seq\":");
            st.execute();
        } catch (SQLException e) {
            throw new DatabaseException("cannot keep a help frame for the other centre instances", e);
        }
    }

    @Override
    public Optional<Frame> latestFrame(String id) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT seq, jpeg FROM help_frames WHERE request_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Frame(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the latest help frame", e);
        }
    }

    @Override
    public void forget(String id) {
        try (Connection c = database.connection()) {
            CentreDatabase.update(c, "DELETE FROM help_frames WHERE request_id = ?", id);
            CentreDatabase.update(c, "DELETE FROM help_kiosk_events WHERE request_id = ?", id);
        } catch (SQLException e) {
            throw new DatabaseException("cannot drop a help request's frame and events", e);
        }
    }

    @Override
    public int prune() {
        String frames = """
                DELETE FROM help_frames f WHERE NOT EXISTS
                  (SELECT 1 FROM help_requests r WHERE r.id = f.request_id AND r.ended_ms IS NULL)""";
        String events = """
                DELETE FROM help_kiosk_events e WHERE NOT EXISTS
                  (SELECT 1 FROM help_requests r WHERE r.id = e.request_id AND r.ended_ms IS NULL)""";
        try (Connection c = database.connection();
             PreparedStatement f = c.prepareStatement(frames);
             PreparedStatement e = c.prepareStatement(events)) {
            return f.executeUpdate() + e.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot prune help frames and events", e);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = listener;
            listener = null;
        }
        if (t != null) {
            Connection c = listening;
            if (c != null) {
                try {
                    c.close(); // ends a wait for notifications at once
                } catch (SQLException e) {
                    LOG.debug("closing the listening connection: {}", e.toString());
                }
            }
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
