package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Data migration: ratings stored before ratings travelled to the centre (before V4) get their id, once. */
final class V10__Rating_ids extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection db = context.getConnection();
        List<String> applications = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT application_id FROM ratings WHERE rating_id IS NULL");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                applications.add(rs.getString(1));
            }
        }
        try (PreparedStatement st = db.prepareStatement("UPDATE ratings SET rating_id = ? WHERE application_id = ?")) {
            for (String id : applications) {
                st.setString(1, UUID.randomUUID().toString());
                st.setString(2, id);
                st.executeUpdate();
            }
        }
    }
}
