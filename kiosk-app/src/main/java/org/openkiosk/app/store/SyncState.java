package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.openkiosk.sync.api.StatusChange;

/**
 * Where the kiosk stands with the centre ({@code sync_status}, one row): the last sync error, the cursor of the status
 * changes pulled, and the version of the catalogue held.
 */
public final class SyncState {

    private final Transactions tx;

    SyncState(Transactions tx) {
        this.tx = tx;
    }

    /** Remembers why the latest synchronisation attempt failed, for the technician screen. */
    public void recordSyncError(String message) {
        tx.write("cannot record a sync error", db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE sync_status SET last_error = ?, last_error_at = ?")) {
                st.setString(1, message == null ? "unknown error" : message);
                st.setString(2, Instant.now().toString());
                st.executeUpdate();
            }
        });
    }

    /** A round went through without any failure: the last error no longer describes the state. */
    public void clearSyncError() {
        tx.write("cannot clear the sync error", db -> {
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE sync_status SET last_error = NULL, last_error_at = NULL WHERE last_error IS NOT NULL")) {
                st.executeUpdate();
            }
        });
    }

    /** The cursor of the last status change pulled from the centre (0 before any). */
    public long changesCursor() {
        return number("changes_cursor", "the changes cursor");
    }

    /** The version of the centre's catalogue this kiosk holds (0: none fetched). */
    public long catalogueVersion() {
        return number("catalogue_version", "the catalogue version");
    }

    public void setCatalogueVersion(long version) {
        tx.write("cannot record the catalogue version", db -> {
            try (PreparedStatement st = db.prepareStatement("UPDATE sync_status SET catalogue_version = ?")) {
                st.setLong(1, version);
                st.executeUpdate();
            }
        });
    }

    /** One number of the single sync_status row; {@code column} is one of this class's literals. */
    private long number(String column, String what) {
        return tx.read("cannot read " + what, db -> {
            try (PreparedStatement st = db.prepareStatement("SELECT " + column + " FROM sync_status");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Applies status changes pulled from the centre and moves the cursor, in one transaction, so a
     * crash between the two never skips or repeats a change. Changes of applications this kiosk no
     * longer knows are skipped. A change whose result digest differs from the result held here
     * (a re-issued result) drops the held one, so it is fetched again.
     */
    public void applyStatusChanges(List<StatusChange> changes, long cursor) {
        tx.write("cannot apply status changes from the centre", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    UPDATE applications SET centre_status = ?, centre_reason = ?, centre_status_at = ?,
                        result_available = max(result_available, ?)
                    WHERE application_id = ?""")) {
                for (StatusChange change : changes) {
                    st.setString(1, change.status());
                    st.setString(2, change.reason());
                    st.setString(3, change.at() == null ? null : change.at().toString());
                    st.setInt(4, change.resultAvailable() ? 1 : 0);
                    st.setString(5, change.applicationId());
                    st.executeUpdate();
                }
            }
            // a result re-issued at the centre comes with a new digest: the one held here is superseded and
            // fetched again (ResultDocuments.resultsToFetch lists applications with a result available and none held)
            try (PreparedStatement st = db.prepareStatement(
                    "DELETE FROM results WHERE application_id = ? AND sha256 <> ?")) {
                for (StatusChange change : changes) {
                    if (change.resultSha256() != null) {
                        st.setString(1, change.applicationId());
                        st.setString(2, change.resultSha256().toLowerCase(Locale.ROOT));
                        st.executeUpdate();
                    }
                }
            }
            try (PreparedStatement st = db.prepareStatement("UPDATE sync_status SET changes_cursor = ?")) {
                st.setLong(1, cursor);
                st.executeUpdate();
            }
        });
    }
}
