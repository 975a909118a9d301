package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once, when a store written by an older version opens: every application not yet purged whose data is encrypted
 * directly with the store key gets its own data key ({@link ApplicationKeys}) and its personal data, documents and
 * result are re-encrypted with it, all in one transaction (a crash leaves the old state, which is read as before).
 */
final class ApplicationKeyMigration {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationKeyMigration.class);

    private final Connection db;
    private final PersonalDataCipher storeCipher;
    private final ApplicationKeys keys;

    ApplicationKeyMigration(Connection db, PersonalDataCipher storeCipher, ApplicationKeys keys) {
        this.db = db;
        this.storeCipher = storeCipher;
        this.keys = keys;
    }

    /** @return how many applications were moved to their own key */
    int run() throws SQLException {
        db.setAutoCommit(false);
        try {
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
                move(id, keys.forNew(id));
            }
            db.commit();
            if (!ids.isEmpty()) {
                LOG.info("Gave {} application(s) written by an older version their own data key", ids.size());
            }
            return ids.size();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private void move(String id, PersonalDataCipher own) throws SQLException {
        reseal("SELECT personal FROM applications WHERE application_id = ?1 AND personal IS NOT NULL",
                "UPDATE applications SET personal = ?2 WHERE application_id = ?1", id, null, "application:" + id, own);
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
            reseal("SELECT content FROM documents WHERE application_id = ?1 AND seq = ?3",
                    "UPDATE documents SET content = ?2 WHERE application_id = ?1 AND seq = ?3", id, seq,
                    "document:" + id + ":" + seq, own);
        }
        reseal("SELECT content FROM results WHERE application_id = ?1",
                "UPDATE results SET content = ?2 WHERE application_id = ?1", id, null, "result:" + id, own);
    }

    private void reseal(String select, String update, String id, Integer seq, String context, PersonalDataCipher own)
            throws SQLException {
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
            st.setBytes(2, own.encrypt(storeCipher.decrypt(sealed, context), context));
            if (seq != null) {
                st.setInt(3, seq);
            }
            st.executeUpdate();
        }
    }
}
