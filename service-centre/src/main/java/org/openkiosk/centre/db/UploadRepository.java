package org.openkiosk.centre.db;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.openkiosk.centre.store.ObjectStore;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.UploadStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL for documents uploaded in chunks, per kiosk and SHA-256. With an object store, each chunk goes to the store
 * as it arrives (see {@link ObjectStore#appendChunk}) and the row keeps only the figures and the store's state;
 * without one (a PostgreSQL centre not given an S3 store), the chunks are rows of {@code upload_chunks} as before.
 */
public final class UploadRepository {

    private static final Logger LOG = LoggerFactory.getLogger(UploadRepository.class);

    /** What became of one chunk. */
    public enum Outcome {
        /** Stored; the upload may now be complete. */
        STORED,
        /** Not at the offset the centre expects (a repeat, or a gap): nothing stored. */
        WRONG_OFFSET,
        /** The last chunk arrived but the bytes do not hash to the name: the upload starts over. */
        DIGEST_MISMATCH
    }

    public record ChunkResult(Outcome outcome, UploadStatus status) {
    }

    private final CentreDatabase database;
    private final ObjectStore store;

    /** Chunks kept in the database. */
    public UploadRepository(CentreDatabase database) {
        this(database, null);
    }

    /** Chunks sent to {@code store} (null: kept in the database). */
    public UploadRepository(CentreDatabase database, ObjectStore store) {
        this.database = database;
        this.store = store;
    }

    public UploadStatus status(String kioskId, String sha256) {
        try (Connection c = database.connection()) {
            return status(c, kioskId, sha256, "");
        } catch (SQLException e) {
            throw new DatabaseException("cannot read upload " + sha256, e);
        }
    }

    private static UploadStatus status(Connection c, String kioskId, String sha256, String forUpdate)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT length, received, completed_at IS NOT NULL FROM uploads WHERE kiosk_id = ? AND sha256 = ?"
                        + forUpdate)) {
            st.setString(1, kioskId);
            st.setString(2, sha256);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new UploadStatus(sha256, 0, 0, false);
                }
                return new UploadStatus(sha256, rs.getLong(1), rs.getLong(2), rs.getBoolean(3));
            }
        }
    }

    /**
     * Stores one chunk in one transaction when it starts exactly where the received bytes end. The
     * chunk that completes the document also assembles it and checks its SHA-256. A chunk for a
     * complete upload changes nothing and reports it complete.
     *
     * @throws IllegalArgumentException when {@code length} differs from the upload begun earlier or the
     *                                  chunk runs past it
     */
    public ChunkResult append(String kioskId, String sha256, long length, long offset, byte[] data, Instant now) {
        if (store != null) {
            return appendToStore(kioskId, sha256, length, offset, data, now);
        }
        return database.inTransaction("cannot store a chunk of upload " + sha256,
                c -> append(c, kioskId, sha256, length, offset, data, now));
    }

    private ChunkResult append(Connection c, String kioskId, String sha256, long length, long offset,
                               byte[] data, Instant now) throws SQLException {
        UploadStatus current = status(c, kioskId, sha256, database.forUpdate());
        if (current.length() == 0 && current.received() == 0 && !current.complete()) {
            if (offset != 0) {
                return new ChunkResult(Outcome.WRONG_OFFSET, current);
            }
            CentreDatabase.update(c, """
                    INSERT INTO uploads (kiosk_id, sha256, length, received, started_at) VALUES (?, ?, ?, 0, ?)
                    ON CONFLICT (kiosk_id, sha256) DO NOTHING""", kioskId, sha256, length, now.toString());
            current = status(c, kioskId, sha256, database.forUpdate()); // a concurrent request may have begun it
            if (current.received() != offset && !current.complete()) {
                return new ChunkResult(Outcome.WRONG_OFFSET, current);
            }
        }
        ChunkResult answer = answerBeforeStoring(current, length, offset, data.length);
        if (answer != null) {
            return answer;
        }
        CentreDatabase.update(c,
                "INSERT INTO upload_chunks (kiosk_id, sha256, chunk_offset, data) VALUES (?, ?, ?, ?)",
                kioskId, sha256, offset, data);
        long received = offset + data.length;
        CentreDatabase.update(c, "UPDATE uploads SET received = ? WHERE kiosk_id = ? AND sha256 = ?",
                received, kioskId, sha256);
        if (received < length) {
            return new ChunkResult(Outcome.STORED, new UploadStatus(sha256, length, received, false));
        }
        byte[] whole = assemble(c, kioskId, sha256, length);
        if (!Digests.sha256Hex(whole).equals(sha256)) {
            CentreDatabase.update(c, "DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?", kioskId, sha256);
            CentreDatabase.update(c, "UPDATE uploads SET received = 0 WHERE kiosk_id = ? AND sha256 = ?",
                    kioskId, sha256);
            return new ChunkResult(Outcome.DIGEST_MISMATCH, new UploadStatus(sha256, length, 0, false));
        }
        CentreDatabase.update(c, "UPDATE uploads SET content = ?, completed_at = ? WHERE kiosk_id = ? AND sha256 = ?",
                whole, now.toString(), kioskId, sha256);
        CentreDatabase.update(c, "DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?", kioskId, sha256);
        return new ChunkResult(Outcome.STORED, new UploadStatus(sha256, length, length, true));
    }

    /** An upload's row: its figures and the object store's state ({@code null}: begun with chunks in the database). */
    private record Row(long length, long received, boolean complete, String state) {
        UploadStatus status(String sha256) {
            return new UploadStatus(sha256, length, received, complete);
        }
    }

    /** Either the answer to a chunk not to be stored, or the row the chunk extends. */
    private record Checked(Row row, ChunkResult answer) {
        static Checked answer(ChunkResult answer) {
            return new Checked(null, answer);
        }
    }

    private Row row(Connection c, String kioskId, String sha256) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT length, received, completed_at IS NOT NULL, store_state"
                + " FROM uploads WHERE kiosk_id = ? AND sha256 = ?" + database.forUpdate())) {
            st.setString(1, kioskId);
            st.setString(2, sha256);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Row(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4)) : null;
            }
        }
    }

    /**
     * The object store's way: the chunk goes to the store, the row keeps the figures and the store's state. No
     * transaction is open (and no pooled connection held) while the store works: the row is read (or begun) in one
     * short transaction, the chunk sent, and the outcome recorded in another only if the row is still where it was
     * read; a request that lost that race to a concurrent one for the same upload answers as a repeat would.
     */
    private ChunkResult appendToStore(String kioskId, String sha256, long length, long offset, byte[] data,
                                      Instant now) {
        String failure = "cannot store a chunk of upload " + sha256;
        Checked checked = database.inTransaction(failure, c -> check(c, kioskId, sha256, length, offset, data, now));
        if (checked.answer() != null) {
            return checked.answer();
        }
        Row row = checked.row();
        long received = offset + data.length;
        String state = null;
        boolean stored = false;
        try {
            if (received < length) {
                state = store.appendChunk(kioskId, sha256, length, row.state(), offset, data);
            } else {
                stored = store.finishUpload(kioskId, sha256, length, row.state(), offset, data);
            }
        } catch (ObjectStore.StagingLostException e) {
            LOG.warn("Upload {} of kiosk {} starts over: {}", sha256, kioskId, e.getMessage());
            store.abandonUpload(kioskId, sha256, row.state());
            return database.inTransaction(failure, c -> {
                Row current = row(c, kioskId, sha256);
                if (!row.equals(current)) {
                    return raced(current, sha256);
                }
                return new ChunkResult(Outcome.WRONG_OFFSET, restart(c, kioskId, sha256, length).status(sha256));
            });
        }
        String newState = state;
        boolean complete = stored;
        Recorded outcome = database.inTransaction(failure, c -> {
            Row current = row(c, kioskId, sha256);
            if (!row.equals(current)) {
                return new Recorded(raced(current, sha256), true, current == null ? null : current.state());
            }
            if (received < length) {
                CentreDatabase.update(c,
                        "UPDATE uploads SET received = ?, store_state = ? WHERE kiosk_id = ? AND sha256 = ?",
                        received, newState, kioskId, sha256);
                return Recorded.won(new ChunkResult(Outcome.STORED, new UploadStatus(sha256, length, received, false)));
            }
            if (!complete) {
                restart(c, kioskId, sha256, length);
                return Recorded.won(new ChunkResult(Outcome.DIGEST_MISMATCH,
                        new UploadStatus(sha256, length, 0, false)));
            }
            CentreDatabase.update(c, """
                    UPDATE uploads SET received = ?, store_state = NULL, object_key = ?, completed_at = ?
                    WHERE kiosk_id = ? AND sha256 = ?""",
                    length, ObjectStore.contentKey(sha256), now.toString(), kioskId, sha256);
            return Recorded.won(new ChunkResult(Outcome.STORED, new UploadStatus(sha256, length, length, true)));
        });
        if (outcome.lost() && newState != null && !newState.equals(outcome.winnersState())) {
            store.dropUnrecorded(kioskId, sha256, outcome.winnersState(), newState);
        }
        return outcome.result();
    }

    /**
     * What the second transaction of {@link #appendToStore} made of a chunk the store took: its answer, and whether
     * a concurrent request had moved the row first (then the store state that request recorded, so that what only
     * this request began in the store can be dropped).
     */
    private record Recorded(ChunkResult result, boolean lost, String winnersState) {
        static Recorded won(ChunkResult result) {
            return new Recorded(result, false, null);
        }
    }

    /**
     * The first short transaction of {@link #appendToStore}: begins the upload's row if there is none, and answers
     * at once when the chunk is not the one expected, or gives the row the chunk extends.
     */
    private Checked check(Connection c, String kioskId, String sha256, long length, long offset, byte[] data,
                         Instant now) throws SQLException {
        Row row = row(c, kioskId, sha256);
        if (row == null) {
            if (offset != 0) {
                return Checked.answer(new ChunkResult(Outcome.WRONG_OFFSET, new UploadStatus(sha256, 0, 0, false)));
            }
            CentreDatabase.update(c, """
                    INSERT INTO uploads (kiosk_id, sha256, length, received, started_at, store_state)
                    VALUES (?, ?, ?, 0, ?, '')
                    ON CONFLICT (kiosk_id, sha256) DO NOTHING""", kioskId, sha256, length, now.toString());
            row = row(c, kioskId, sha256); // a concurrent request may have begun it
        }
        if (!row.complete() && row.state() == null) {
            // begun before this centre had an object store: its chunks are rows here; start it over in the store
            deleteChunks(c, kioskId, sha256);
            row = restart(c, kioskId, sha256, length);
        }
        return new Checked(row, answerBeforeStoring(row.status(sha256), length, offset, data.length));
    }

    /**
     * What to answer, without storing, a chunk of {@code chunkBytes} at {@code offset} of an upload that stands at
     * {@code current}: complete already (stored), not where the received bytes end (wrong offset), or null when the
     * chunk is to be stored.
     *
     * @throws IllegalArgumentException the upload was begun with another length, or the chunk is empty or runs past it
     */
    private static ChunkResult answerBeforeStoring(UploadStatus current, long length, long offset, int chunkBytes) {
        if (current.length() != length) {
            throw new IllegalArgumentException("upload " + current.sha256() + " was begun with length "
                    + current.length() + ", not " + length);
        }
        if (current.complete()) {
            return new ChunkResult(Outcome.STORED, current);
        }
        if (offset != current.received()) {
            return new ChunkResult(Outcome.WRONG_OFFSET, current);
        }
        if (offset + chunkBytes > length) {
            throw new IllegalArgumentException("chunk at offset " + offset + " of " + chunkBytes
                    + " bytes runs past the document's length " + length);
        }
        if (chunkBytes == 0 && length > 0) {
            throw new IllegalArgumentException("empty chunk");
        }
        return null;
    }

    /**
     * What to answer when a concurrent request for the same upload moved its row while this one was at the store:
     * what this one sent is void (the other's state is kept; content-addressed objects are the same bytes either
     * way), and the kiosk hears where the upload now stands.
     */
    private static ChunkResult raced(Row current, String sha256) {
        if (current == null) {
            return new ChunkResult(Outcome.WRONG_OFFSET, new UploadStatus(sha256, 0, 0, false));
        }
        return new ChunkResult(current.complete() ? Outcome.STORED : Outcome.WRONG_OFFSET, current.status(sha256));
    }

    private static Row restart(Connection c, String kioskId, String sha256, long length) throws SQLException {
        CentreDatabase.update(c,
                "UPDATE uploads SET received = 0, length = ?, store_state = '' WHERE kiosk_id = ? AND sha256 = ?",
                length, kioskId, sha256);
        return new Row(length, 0, false, "");
    }

    private static void deleteChunks(Connection c, String kioskId, String sha256) throws SQLException {
        CentreDatabase.update(c, "DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?", kioskId, sha256);
    }

    private static byte[] assemble(Connection c, String kioskId, String sha256, long length) throws SQLException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream((int) length);
        try (PreparedStatement st = c.prepareStatement(
                "SELECT data FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ? ORDER BY chunk_offset")) {
            st.setString(1, kioskId);
            st.setString(2, sha256);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    whole.writeBytes(rs.getBytes(1));
                }
            }
        }
        return whole.toByteArray();
    }

    /** The bytes of a complete upload, inside the caller's transaction. */
    static Optional<byte[]> completeContent(Connection c, String kioskId, String sha256) throws SQLException {
        return complete(c, kioskId, sha256).map(u -> u.content());
    }

    /** A complete upload: its bytes in the database ({@code content}) or in the object store ({@code objectKey}). */
    record Complete(byte[] content, String objectKey, long length) {
    }

    /** The complete upload of the kiosk with that SHA-256, inside the caller's transaction. */
    static Optional<Complete> complete(Connection c, String kioskId, String sha256) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT content, object_key, length FROM uploads"
                + " WHERE kiosk_id = ? AND sha256 = ? AND completed_at IS NOT NULL")) {
            st.setString(1, kioskId);
            st.setString(2, sha256);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Complete(rs.getBytes(1), rs.getString(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The first {@code bytes} bytes of a complete upload of the kiosk (what its type is judged by), without
     * reading the rest; empty when there is no complete upload of that SHA-256.
     */
    public Optional<byte[]> completeHead(String kioskId, String sha256, int bytes) {
        String objectKey;
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT substr(content, 1, ?), object_key FROM uploads"
                     + " WHERE kiosk_id = ? AND sha256 = ? AND completed_at IS NOT NULL")) {
            st.setInt(1, bytes);
            st.setString(2, kioskId);
            st.setString(3, sha256);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                objectKey = rs.getString(2);
                if (objectKey == null) {
                    return Optional.ofNullable(rs.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read upload " + sha256, e);
        }
        if (store == null) {
            throw new DatabaseException("upload " + sha256 + " is in an object store, and this centre has none", null);
        }
        return Optional.of(store.head(objectKey, bytes));
    }

    /** Forgets an upload once an application holds its bytes, inside the caller's transaction. */
    static void delete(Connection c, String kioskId, String sha256) throws SQLException {
        CentreDatabase.update(c, "DELETE FROM uploads WHERE kiosk_id = ? AND sha256 = ?", kioskId, sha256);
    }

    /** Deletes uploads still incomplete that were begun before {@code cutoff}, chunks and all; returns how many. */
    public int deletePartialStartedBefore(Instant cutoff) {
        try (Connection c = database.connection()) {
            java.util.List<String[]> stale = new java.util.ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT kiosk_id, sha256, started_at, store_state FROM uploads WHERE completed_at IS NULL");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (Instant.parse(rs.getString(3)).isBefore(cutoff)) {
                        stale.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(4)});
                    }
                }
            }
            for (String[] upload : stale) {
                database.inTransaction("cannot prune upload " + upload[1], t -> {
                    CentreDatabase.update(t, "DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?",
                            upload[0], upload[1]);
                    return CentreDatabase.update(t,
                            "DELETE FROM uploads WHERE kiosk_id = ? AND sha256 = ? AND completed_at IS NULL",
                            upload[0], upload[1]);
                });
                if (store != null && upload[2] != null) {
                    store.abandonUpload(upload[0], upload[1], upload[2]);
                }
            }
            if (store != null) {
                java.util.Set<String> known = new java.util.HashSet<>();
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT kiosk_id, sha256 FROM uploads WHERE completed_at IS NULL");
                     ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1) + "/" + rs.getString(2));
                    }
                }
                int orphans = store.dropOrphanStaging(cutoff, (kiosk, sha) -> known.contains(kiosk + "/" + sha));
                if (orphans > 0) {
                    LOG.info("Dropped {} staged object(s) of uploads the database does not know (a centre stopped"
                            + " between the store and its database)", orphans);
                }
            }
            return stale.size();
        } catch (SQLException e) {
            throw new DatabaseException("cannot prune partial uploads", e);
        }
    }

    public long[] partial() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*), coalesce(sum(received), 0) FROM uploads WHERE completed_at IS NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new DatabaseException("cannot count uploads", e);
        }
    }
}
