package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets residents' personal data once the retention after the centre's acknowledgement has passed. */
public final class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    private final Transactions tx;
    private final ApplicationKeys keys;

    RetentionPurge(Transactions tx, ApplicationKeys keys) {
        this.tx = tx;
        this.keys = keys;
    }

    /**
     * Deletes the personal data (name, ID number, form fields, result documents) of every
     * application the centre acknowledged more than {@code retention} before {@code now}. The
     * application number, service and statuses stay, for the technician's figures. Each purged application's
     * own data key is destroyed and the WAL emptied, so its ciphertext left anywhere cannot be decrypted even
     * with the store key. Applications the centre has not acknowledged (queued or dead letters) are never purged.
     *
     * @return how many applications were purged
     */
    public int purgeExpired(Instant now, Duration retention) {
        Instant cutoff = now.minus(retention);
        int purged = tx.inTransaction("cannot purge expired personal data", db -> {
            List<String> expired = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT application_id, acknowledged_at FROM applications
                    WHERE state = 'ACKNOWLEDGED' AND purged_at IS NULL AND acknowledged_at IS NOT NULL""");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (Instant.parse(rs.getString(2)).isBefore(cutoff)) {
                        expired.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement app = db.prepareStatement("""
                    UPDATE applications SET personal = NULL, id_index = NULL, applicant_name = '', id_number = '',
                        fields_json = '{}', purged_at = ? WHERE application_id = ?""");
                 PreparedStatement docs = db.prepareStatement("DELETE FROM documents WHERE application_id = ?");
                 PreparedStatement results = db.prepareStatement("DELETE FROM results WHERE application_id = ?")) {
                for (String id : expired) {
                    app.setString(1, now.toString());
                    app.setString(2, id);
                    app.executeUpdate();
                    docs.setString(1, id);
                    docs.executeUpdate();
                    results.setString(1, id);
                    results.executeUpdate();
                    keys.destroy(db, id);
                }
            }
            return expired.size();
        });
        if (purged > 0) {
            LOG.info("Purged the personal data of {} application(s) acknowledged before {}", purged, cutoff);
            tx.truncateWal(); // no older page version holding a destroyed key stays in the WAL
        }
        return purged;
    }
}
