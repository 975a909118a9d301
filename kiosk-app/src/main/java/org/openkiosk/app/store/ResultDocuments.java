package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openkiosk.sync.api.Digests;

/** The result documents fetched from the centre for residents to print ({@code results}), encrypted. */
public final class ResultDocuments {

    private final Transactions tx;
    private final ApplicationKeys keys;

    ResultDocuments(Transactions tx, ApplicationKeys keys) {
        this.tx = tx;
        this.keys = keys;
    }

    /** Applications whose result document the centre has and this kiosk has not fetched yet. */
    public List<String> resultsToFetch() {
        return tx.read("cannot list the results to fetch", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT a.application_id FROM applications a
                    WHERE a.result_available = 1 AND a.purged_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM results r WHERE r.application_id = a.application_id)
                    ORDER BY a.centre_status_at""");
                 ResultSet rs = st.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        });
    }

    /** Keeps a fetched result document (encrypted) for the resident to print. */
    public void saveResult(String applicationId, byte[] content, Instant at) {
        tx.write("cannot store the result of application " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    INSERT INTO results (application_id, sha256, content, fetched_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (application_id) DO UPDATE SET sha256 = excluded.sha256, content = excluded.content,
                        fetched_at = excluded.fetched_at""")) {
                st.setString(1, applicationId);
                st.setString(2, Digests.sha256Hex(content));
                st.setBytes(3, keys.forReading(db, applicationId).encrypt(content,
                        PersonalRecords.resultContext(applicationId)));
                st.setString(4, at.toString());
                st.executeUpdate();
            }
        });
    }

    /** The fetched result document of an application, if there is one on this kiosk. */
    public Optional<byte[]> result(String applicationId) {
        return tx.read("cannot read the result of application " + applicationId, db -> {
            try (PreparedStatement st = db.prepareStatement("SELECT content FROM results WHERE application_id = ?")) {
                st.setString(1, applicationId);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(keys.forReading(db, applicationId).decrypt(rs.getBytes(1),
                            PersonalRecords.resultContext(applicationId))) : Optional.empty();
                }
            }
        });
    }
}
