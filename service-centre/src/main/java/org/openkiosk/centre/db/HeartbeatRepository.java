package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for the history of heartbeats ({@code heartbeats}): one row per heartbeat received, pruned after the
 * retention. Times of arrival are the centre's clock in epoch milliseconds.
 */
public final class HeartbeatRepository {

    private final CentreDatabase database;

    public HeartbeatRepository(CentreDatabase database) {
        this.database = database;
    }

    /** One stored heartbeat. {@code devicesJson} is the device-to-state map as JSON. */
    public record Row(long id, String kioskId, Instant receivedAt, String kioskTime, int pending, int acknowledged,
                      String lastSuccess, String lastError, String devicesJson, int devicesDown, String paper,
                      Long diskFreeMb, String version) {
    }

    /** Per kiosk and time bucket: the highest queue and the most devices down reported in it. */
    public record Bucket(String kioskId, int bucket, int maxPending, int maxDevicesDown) {
    }

    /**
     * Keeps a heartbeat: in one transaction the row is added to the history and the kiosk's latest
     * heartbeat ({@code kiosks.heartbeat_json}, {@code last_seen_at}) replaced.
     */
    public void insert(Row r, String latestJson) {
        database.inTransaction("cannot store a heartbeat of kiosk " + r.kioskId(), c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO heartbeats (kiosk_id, received_ms, kiosk_time, pending, acknowledged, last_success,
                        last_error, devices_json, devices_down, paper, disk_free_mb, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                st.setString(1, r.kioskId());
                st.setLong(2, r.receivedAt().toEpochMilli());
                st.setString(3, r.kioskTime());
                st.setInt(4, r.pending());
                st.setInt(5, r.acknowledged());
                st.setString(6, r.lastSuccess());
                st.setString(7, r.lastError());
                st.setString(8, r.devicesJson());
                st.setInt(9, r.devicesDown());
                st.setString(10, r.paper());
                if (r.diskFreeMb() == null) {
                    st.setNull(11, Types.BIGINT);
                } else {
                    st.setLong(11, r.diskFreeMb());
                }
                st.setString(12, r.version());
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE kiosks SET last_seen_at = ?, heartbeat_json = ? WHERE kiosk_id = ?")) {
                st.setString(1, r.receivedAt().toString());
                st.setString(2, latestJson);
                st.setString(3, r.kioskId());
                st.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes heartbeats received before {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("DELETE FROM heartbeats WHERE received_ms < ?")) {
            st.setLong(1, cutoff.toEpochMilli());
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot prune old heartbeats", e);
        }
    }

    /** A kiosk's heartbeats received in [from, to), newest first, at most {@code limit}. */
    public List<Row> forKiosk(String kioskId, Instant from, Instant to, int limit) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("""
                     SELECT id, kiosk_id, received_ms, kiosk_time, pending, acknowledged, last_success, last_error,
                         devices_json, devices_down, paper, disk_free_mb, version
                     FROM heartbeats WHERE kiosk_id = ? AND received_ms >= ? AND received_ms < ?
                     ORDER BY received_ms DESC, id DESC LIMIT ?""")) {
            st.setString(1, kioskId);
            st.setLong(2, from.toEpochMilli());
            st.setLong(3, to.toEpochMilli());
            st.setInt(4, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long disk = rs.getLong(12);
                    Long diskFree = rs.wasNull() ? null : disk;
                    rows.add(new Row(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                            rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                            rs.getString(11), diskFree, rs.getString(13)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the heartbeats of kiosk " + kioskId, e);
        }
    }

    /**
     * Heartbeats received in [from, from + buckets * bucketMillis), grouped per kiosk into buckets of
     * {@code bucketMillis} numbered from 0; only kiosk {@code kioskId} when it is not null.
     */
    public List<Bucket> buckets(Instant from, long bucketMillis, int buckets, String kioskId) {
        long start = from.toEpochMilli();
        String sql = "SELECT kiosk_id, (received_ms - ?) / ? AS bucket, MAX(pending), MAX(devices_down)"
                + " FROM heartbeats WHERE received_ms >= ? AND received_ms < ?"
                + (kioskId == null ? "" : " AND kiosk_id = ?")
                + " GROUP BY kiosk_id, bucket ORDER BY bucket, kiosk_id";
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, start);
            st.setLong(2, bucketMillis);
            st.setLong(3, start);
            st.setLong(4, start + bucketMillis * buckets);
            if (kioskId != null) {
                st.setString(5, kioskId);
            }
            List<Bucket> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Bucket(rs.getString(1), (int) rs.getLong(2), rs.getInt(3), rs.getInt(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the heartbeat history", e);
        }
    }

    public long count() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM heartbeats");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot count heartbeats", e);
        }
    }
}
