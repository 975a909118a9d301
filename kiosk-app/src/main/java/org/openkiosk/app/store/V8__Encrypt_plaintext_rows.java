package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.openkiosk.app.store.PersonalRecords.Personal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data migration: rows written before encryption existed (schema V1 to V2) are encrypted in place, each with its
 * application's own key. Flyway runs it once, in one transaction, after the SQL migrations up to V7. It needs the
 * store key, so {@link KioskStore#open} hands an instance to Flyway ({@code javaMigrations}) instead of letting Flyway
 * find the class.
 */
final class V8__Encrypt_plaintext_rows extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V8__Encrypt_plaintext_rows.class);

    private final ApplicationKeys keys;

    V8__Encrypt_plaintext_rows(ApplicationKeys keys) {
        this.keys = keys;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        int rows = 0;
        try (PreparedStatement select = db.prepareStatement("""
                SELECT application_id, applicant_name, id_number, fields_json FROM applications
                WHERE personal IS NULL AND purged_at IS NULL""");
             PreparedStatement update = db.prepareStatement("""
                UPDATE applications SET personal = ?, id_index = ?, applicant_name = '', id_number = '',
                    fields_json = '{}' WHERE application_id = ?""");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                update.setBytes(1, PersonalRecords.seal(keys.forNew(db, id), id, new Personal(rs.getString(2),
                        rs.getString(3), PersonalRecords.fieldsFromJson(rs.getString(4)))));
                update.setString(2, keys.storeCipher().idIndex(rs.getString(3)));
                update.setString(3, id);
                update.executeUpdate();
                rows++;
            }
        }
        try (PreparedStatement select = db.prepareStatement(
                "SELECT application_id, seq, content FROM documents WHERE encrypted = 0");
             PreparedStatement update = db.prepareStatement(
                "UPDATE documents SET content = ?, encrypted = 1 WHERE application_id = ? AND seq = ?");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                update.setBytes(1, keys.forNew(db, rs.getString(1)).encrypt(rs.getBytes(3),
                        PersonalRecords.documentContext(rs.getString(1), rs.getInt(2))));
                update.setString(2, rs.getString(1));
                update.setInt(3, rs.getInt(2));
                update.executeUpdate();
                rows++;
            }
        }
        if (rows > 0) {
            LOG.info("Encrypted {} row(s) of personal data written by an older version", rows);
        }
    }
}
