package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for remote help requests ({@code help_requests}): raised by a kiosk, taken by a member of the help desk, ended
 * by either side. Kept in the database so every centre instance lists the open ones and the fleet page counts them.
 */
public final class HelpRepository {

    private final CentreDatabase database;

    public HelpRepository(CentreDatabase database) {
        this.database = database;
    }

    /** One help request as stored; {@code takenBy}, {@code takenAt}, {@code endedAt}, {@code endedBy} null until then. */
    public record Request(String id, String kioskId, String place, String step, Instant requestedAt, String takenBy,
                          Instant takenAt, Instant endedAt, String endedBy, long frames, long frameBytes,
                          Instant kioskSeenAt) {
        public boolean open() {
            return endedAt == null;
        }
    }

    /** Per kiosk since a time: how many requests it raised, how many were taken, and the waits until taken. */
    public record KioskFigures(String kioskId, int requests, int taken, long averageWaitSeconds, long longestWaitSeconds) {
    }

    public void insert(String id, String kioskId, String place, String step, Instant at) {
        update("INSERT INTO help_requests (id, kiosk_id, place, step, requested_ms, kiosk_seen_ms) VALUES (?, ?, ?, ?, ?, ?)",
                "cannot store a help request of kiosk " + kioskId, id, kioskId, place, step, at.toEpochMilli(),
                at.toEpochMilli());
    }

    /** The kiosks of these open requests are connected now (their instance renews this while their sockets are open). */
    public void seen(java.util.Collection<String> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("UPDATE help_requests SET kiosk_seen_ms = ? WHERE id = ? AND ended_ms IS NULL")) {
            for (String id : ids) {
                st.setLong(1, at.toEpochMilli());
                st.setString(2, id);
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseException("cannot renew open help requests", e);
        }
    }

    /** Adds frames relayed by this instance to the request's counts (a request may move between instances). */
    public void addFrames(String id, long frames, long frameBytes) {
        if (frames > 0) {
            update("UPDATE help_requests SET frames = frames + ?, frame_bytes = frame_bytes + ? WHERE id = ?",
                    "cannot count the frames of help request " + id, frames, frameBytes, id);
        }
    }

    /** Open requests whose kiosk was last seen before {@code before} (requests from before the renewals: when raised). */
    public List<Request> openNotSeenSince(Instant before) {
        return query("SELECT * FROM help_requests WHERE ended_ms IS NULL AND COALESCE(kiosk_seen_ms, requested_ms) < ?"
                + " ORDER BY requested_ms LIMIT 1000", before.toEpochMilli());
    }

    /** Marks an open, untaken request as taken by {@code username}; false when it was taken or ended already. */
    public boolean take(String id, String username, Instant at) {
        return update("UPDATE help_requests SET taken_by = ?, taken_ms = ? WHERE id = ? AND taken_by IS NULL AND ended_ms IS NULL",
                "cannot take help request " + id, username, at.toEpochMilli(), id) == 1;
    }

    /** The step the resident is at now. */
    public void step(String id, String step) {
        update("UPDATE help_requests SET step = ? WHERE id = ? AND ended_ms IS NULL", "cannot update help request " + id,
                step, id);
    }

    /** Ends an open request; false when it had ended already. */
    public boolean end(String id, String by, Instant at) {
        return update("UPDATE help_requests SET ended_ms = ?, ended_by = ? WHERE id = ? AND ended_ms IS NULL",
                "cannot end help request " + id, at.toEpochMilli(), by, id) == 1;
    }

    public Optional<Request> find(String id) {
        List<Request> found = query("SELECT * FROM help_requests WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Open requests, oldest first (the one waiting longest at the top). */
    public List<Request> open(int limit) {
        return query("SELECT * FROM help_requests WHERE ended_ms IS NULL ORDER BY requested_ms, id LIMIT " + limit);
    }

    /** Requests ended since {@code since}, newest first. */
    public List<Request> endedSince(Instant since, int limit) {
        return query("SELECT * FROM help_requests WHERE ended_ms >= ? ORDER BY ended_ms DESC LIMIT " + limit,
                since.toEpochMilli());
    }

    /** Ends every request still open (a centre starting again: their sockets are gone); returns how many. */
    public int endAllOpen(String by, Instant at) {
        return update("UPDATE help_requests SET ended_ms = ?, ended_by = ? WHERE ended_ms IS NULL",
                "cannot end open help requests", at.toEpochMilli(), by);
    }

    /**
     * Per kiosk, the requests raised since {@code since}: count, taken, and the wait from request to taken (a request
     * never taken counts its whole time open as its wait, so residents left waiting show).
     */
    public List<KioskFigures> figuresSince(Instant since, Instant now) {
        String sql = """
                SELECT kiosk_id, COUNT(*), SUM(CASE WHEN taken_ms IS NULL THEN 0 ELSE 1 END),
                       AVG(COALESCE(taken_ms, ended_ms, ?) - requested_ms), MAX(COALESCE(taken_ms, ended_ms, ?) - requested_ms)
                FROM help_requests WHERE requested_ms >= ? GROUP BY kiosk_id ORDER BY kiosk_id""";
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, now.toEpochMilli());
            st.setLong(2, now.toEpochMilli());
            st.setLong(3, since.toEpochMilli());
            List<KioskFigures> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new KioskFigures(rs.getString(1), rs.getInt(2), rs.getInt(3),
                            Math.round(rs.getDouble(4) / 1000.0), rs.getLong(5) / 1000));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("cannot count help requests", e);
        }
    }

    private List<Request> query(String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            CentreDatabase.bind(st, args);
            List<Request> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(rs.getString("id"), rs.getString("kiosk_id"), rs.getString("place"),
                            rs.getString("step"), instant(rs, "requested_ms"), rs.getString("taken_by"),
                            instant(rs, "taken_ms"), instant(rs, "ended_ms"), rs.getString("ended_by"),
                            rs.getLong("frames"), rs.getLong("frame_bytes"), instant(rs, "kiosk_seen_ms")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read help requests", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private int update(String sql, String failure, Object... args) {
        try (Connection c = database.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            CentreDatabase.bind(st, args);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(failure, e);
        }
    }
}
