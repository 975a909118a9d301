package org.openkiosk.centre.db;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.openkiosk.centre.store.ObjectStore;

/**
 * {@code ./kiosk centre migrate-documents}: moves the bytes of documents and result documents that an older centre
 * kept in its database into the object store, one row at a time: the bytes are stored under their SHA-256, read back
 * from the store and hashed, and only then is the row pointed at the object and its bytes cleared, in one statement.
 * A run that is killed loses nothing and the next run carries on with the rows still holding bytes (an object
 * stored before the kill is found there and not written again). A row whose bytes do not hash to its recorded
 * SHA-256 is left as it is and reported.
 */
public final class DocumentMover {

    private static final int BATCH = 200;
    private static final byte[] IN_STORE = new byte[0];

    /** What a run did. */
    public record Result(long documents, long results, long bytes, long alreadyStored, List<String> refused,
                         long documentsLeft, long resultsLeft) {
    }

    private final CentreDatabase database;
    private final ObjectStore store;

    public DocumentMover(CentreDatabase database, ObjectStore store) {
        this.database = database;
        this.store = store;
    }

    /** Moves every row that still holds bytes; {@code progress} hears a line now and then. */
    public Result moveAll(Consumer<String> progress) {
        long[] totals = new long[3];
        List<String> refused = new ArrayList<>();
        long documents = move("documents", "application_id, seq", totals, refused, progress);
        long results = move("results", "application_id", totals, refused, progress);
        return new Result(documents, results, totals[0], totals[1], List.copyOf(refused),
                left("documents"), left("results"));
    }

    /** Rows of {@code table} whose bytes are still in the database. */
    public long left(String table) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE object_key IS NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot count the " + table + " left to move", e);
        }
    }

    private long move(String table, String keyColumns, long[] totals, List<String> refused, Consumer<String> progress) {
        boolean twoKeys = keyColumns.contains(",");
        long moved = 0;
        String lastId = "";
        int lastSeq = -1;
        long toMove = left(table);
        if (toMove > 0) {
            progress.accept(toMove + " " + table + " to move to " + store.describe());
        }
        while (true) {
            List<Object[]> batch = new ArrayList<>();
            try (Connection c = database.connection();
                 PreparedStatement st = c.prepareStatement("SELECT " + keyColumns + ", sha256 FROM " + table
                         + " WHERE object_key IS NULL AND " + (twoKeys ? "(application_id > ? OR (application_id = ? AND seq > ?))"
                         : "application_id > ?") + " ORDER BY " + keyColumns + " LIMIT " + BATCH)) {
                st.setString(1, lastId);
                if (twoKeys) {
                    st.setString(2, lastId);
                    st.setInt(3, lastSeq);
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        batch.add(twoKeys ? new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)}
                                : new Object[] {rs.getString(1), -1, rs.getString(2)});
                    }
                }
            } catch (SQLException e) {
                throw new DatabaseException("cannot list the " + table + " to move", e);
            }
            if (batch.isEmpty()) {
                return moved;
            }
            for (Object[] row : batch) {
                lastId = (String) row[0];
                lastSeq = (Integer) row[1];
                if (moveOne(table, twoKeys, lastId, lastSeq, (String) row[2], totals, refused)) {
                    moved++;
                    if (moved % 100 == 0) {
                        progress.accept("moved " + moved + " of " + toMove + " " + table + " (" + totals[0] / (1024 * 1024)
                                + " MB)");
                    }
                }
            }
        }
    }

    private boolean moveOne(String table, boolean twoKeys, String applicationId, int seq, String recorded,
                            long[] totals, List<String> refused) {
        String where = " WHERE application_id = ?" + (twoKeys ? " AND seq = ?" : "") + " AND object_key IS NULL";
        String name = table.equals("documents") ? "document " + seq + " of application " + applicationId
                : "result of application " + applicationId;
        byte[] content;
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT content FROM " + table + where)) {
            st.setString(1, applicationId);
            if (twoKeys) {
                st.setInt(2, seq);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return false; // moved meanwhile (another run)
                }
                content = rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the " + name, e);
        }
        String sha256 = hex(sha256().digest(content));
        if (!sha256.equalsIgnoreCase(recorded)) {
            refused.add(name + ": its bytes hash to " + sha256 + ", not the recorded " + recorded + "; left in the database");
            return false;
        }
        sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
        if (!store.putContent(sha256, content)) {
            totals[1]++;
        }
        String key = ObjectStore.contentKey(sha256);
        if (!readBack(key).equals(sha256)) {
            throw new ObjectStore.ObjectStoreException("the object store gave back other bytes for " + key + " ("
                    + name + "): nothing changed in the database");
        }
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("UPDATE " + table
                     + " SET object_key = ?, size = ?, content = ?" + where)) {
            st.setString(1, key);
            st.setLong(2, content.length);
            st.setBytes(3, IN_STORE);
            st.setString(4, applicationId);
            if (twoKeys) {
                st.setInt(5, seq);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot point the " + name + " at " + key, e);
        }
        totals[0] += content.length;
        return true;
    }

    private String readBack(String key) {
        MessageDigest sha = sha256();
        try (InputStream in = store.open(key)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ObjectStore.ObjectStoreException("cannot read " + key + " back from " + store.describe(), e);
        }
        return hex(sha.digest());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
