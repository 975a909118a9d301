package org.openkiosk.centre.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 8 on a database that already counted an application's ratings twice: the migration to one
 * rating per application keeps the one the resident gave last (SQLite V8, PostgreSQL V7), and leaves other
 * applications' ratings alone.
 */
@ExtendWith(PostgresServer.class)
class OneRatingMigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void sqliteKeepsTheLatestRatingOfEachApplication() throws Exception {
        String url = "jdbc:sqlite:" + dataDir.resolve("centre.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/centre").target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            insertRatings(c);
        }

        CentreDatabase.open(dataDir).close();

        try (Connection c = DriverManager.getConnection(url)) {
            assertRemaining(c);
        }
    }

    @Test
    void postgresKeepsTheLatestRatingOfEachApplication() throws Exception {
        String url = PostgresServer.newDatabase();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/centre-postgres").target("4").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            insertRatings(c);
        }

        CentreDatabase.postgres(url).close();

        try (Connection c = DriverManager.getConnection(url)) {
            assertRemaining(c);
        }
    }

    private static void insertRatings(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String app : new String[] {"a1", "a2"}) {
                st.executeUpdate("INSERT INTO applications (application_id, application_no, kiosk_id, service_id,"
                        + " service_name, applicant_name, id_number, fields_json, submitted_at, received_at, status)"
                        + " VALUES ('" + app + "', 'N', 'K0001', 's', 'S', 'n', 'i', '{}', '2026-11-23T08:00:00Z',"
                        + " '2026-11-23T08:00:00Z', 'received')");
            }
            // a1: rated three times; the last one (09:00:00.5, which sorts before 09:00:00Z as text) stays
            rating(st, "r1", "a1", 1, "2026-11-23T08:59:59Z");
            rating(st, "r2", "a1", 5, "2026-11-23T09:00:00.5Z");
            rating(st, "r3", "a1", 3, "2026-11-23T09:00:00Z");
            rating(st, "r4", "a2", 2, "2026-11-23T10:00:00Z");
        }
    }

    private static void rating(Statement st, String id, String app, int level, String at) throws SQLException {
        st.executeUpdate("INSERT INTO ratings (rating_id, application_id, kiosk_id, service_id, level, reason, rated_at,"
                + " received_at) VALUES ('" + id + "', '" + app + "', 'K0001', 's', " + level + ", 'why', '" + at
                + "', '" + at + "')");
    }

    private static void assertRemaining(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rating_id FROM ratings ORDER BY rating_id")) {
            StringBuilder ids = new StringBuilder();
            while (rs.next()) {
                ids.append(rs.getString(1)).append(' ');
            }
            assertThat(ids.toString().strip()).isEqualTo("r2 r4");
        }
        try (Statement st = c.createStatement()) {
            assertThat(catchDuplicate(st)).as("a second rating of a1 is refused by the schema").isTrue();
        }
    }

    private static boolean catchDuplicate(Statement st) {
        try {
            rating(st, "r5", "a1", 4, "2026-11-23T11:00:00Z");
            return false;
        } catch (SQLException e) {
            return true;
        }
    }
}
