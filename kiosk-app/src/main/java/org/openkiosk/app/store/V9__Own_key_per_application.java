package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data migration: every application not yet purged whose data is encrypted directly with the store key (written by
 * V5 to V6 versions) gets its own data key ({@link ApplicationKeys}), and its personal data, documents and result are
 * re-encrypted with it. Flyway runs it once, in one transaction (a crash leaves the old state, read as before);
 * {@link KioskStore#open} then empties the WAL so no page with store-key ciphertext stays there.
 */
final class V9__Own_key_per_application extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V9__Own_key_per_application.class);

    private final ApplicationKeys keys;

    V9__Own_key_per_application(ApplicationKeys keys) {
        this.keys = keys;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        List<String> ids = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("""
                SELECT application_id FROM applications a WHERE purged_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM application_keys k WHERE k.application_id = a.application_id)""");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        for (String id : ids) {
            move(db, id, keys.forNew(db, id));
        }
        if (!ids.isEmpty()) {
            LOG.info("Gave {} application(s) written by an older version their own data key", ids.size());
        }
    }

    private void move(Connection db, String id, PersonalDataCipher own) throws SQLException {
        reseal(db, "SELECT personal FROM applications WHERE application_id = ?1 AND personal IS NOT NULL",
                "UPDATE applications SET personal = ?2 WHERE application_id = ?1", id, null,
                PersonalRecords.applicationContext(id), own);
        List<Integer> seqs = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(
                "SELECT seq FROM documents WHERE application_id = ? AND encrypted = 1 ORDER BY seq")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getInt(1));
                }
            }
        }
        for (int seq : seqs) {
            reseal(db, "SELECT content FROM documents WHERE application_id = ?1 AND seq = ?3",
                    "UPDATE documents SET content = ?2 WHERE application_id = ?1 AND seq = ?3", id, seq,
                    PersonalRecords.documentContext(id, seq), own);
        }
        reseal(db, "SELECT content FROM results WHERE application_id = ?1",
                "UPDATE results SET content = ?2 WHERE application_id = ?1", id, null,
                PersonalRecords.resultContext(id), own);
    }

    private void reseal(Connection db, String select, String update, String id, Integer seq, String context,
            PersonalDataCipher own) throws SQLException {
        byte[] sealed;
        try (PreparedStatement st = db.prepareStatement(select)) {
            st.setString(1, id);
            if (seq != null) {
                st.setInt(3, seq);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                sealed = rs.getBytes(1);
            }
        }
        try (PreparedStatement st = db.prepareStatement(update)) {
            st.setString(1, id);
            st.setBytes(2, own.encrypt(keys.storeCipher().decrypt(sealed, context), context));
            if (seq != null) {
                st.setInt(3, seq);
            }
            st.executeUpdate();
        }
    }
}
