package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.AuditChain;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;

/**
 * Issue 13 item 6: the audit log is append-only (the database refuses UPDATE and DELETE, on SQLite and PostgreSQL)
 * and hash-chained, so a row edited or deleted behind the database's back is found by verification.
 */
@ExtendWith(PostgresServer.class)
class AuditChainAttackTest {

    @TempDir
    Path dataDir;

    /** A centre with some staff activity in its audit log; closed again. */
    private void someActivity(CentreServer centre) throws Exception {
        DeskFixture f = new DeskFixture(centre);
        centre.saveStaff("clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
        for (int i = 0; i < 3; i++) {
            f.login("clerk");
        }
    }

    private Connection sqlite() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("centre.db"));
    }

    private AuditChain.Verification verify() {
        try (CentreServer.Parts parts = CentreServer.Parts.open(dataDir)) {
            return parts.verifyAudit();
        }
    }

    @Test
    void sqliteRefusesToUpdateOrDeleteAnAuditRow() throws Exception {
        try (CentreServer centre = CentreServer.start(dataDir, 0)) {
            someActivity(centre);
        }
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET username = 'nobody' WHERE id = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE id = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void rowEditedBehindTheTriggersIsFoundByVerification() throws Exception {
        try (CentreServer centre = CentreServer.start(dataDir, 0)) {
            someActivity(centre);
        }
        AuditChain.Verification before = verify();
        assertThat(before.ok()).as(before.toString()).isTrue();
        assertThat(before.rows()).isGreaterThanOrEqualTo(4);
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER IF EXISTS audit_log_no_update");
            st.executeUpdate("UPDATE audit_log SET username = 'nobody' WHERE id = 3");
        }

        AuditChain.Verification after = verify();

        assertThat(after.ok()).isFalse();
        assertThat(after.brokenAt()).isEqualTo(3);
    }

    @Test
    void rowDeletedBehindTheTriggersIsFoundByVerification() throws Exception {
        try (CentreServer centre = CentreServer.start(dataDir, 0)) {
            someActivity(centre);
        }
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER IF EXISTS audit_log_no_delete");
            st.executeUpdate("DELETE FROM audit_log WHERE id = 2");
        }

        AuditChain.Verification after = verify();

        assertThat(after.ok()).isFalse();
        assertThat(after.brokenAt()).isEqualTo(3);
    }

    @Test
    void rowInsertedWithoutAHashAfterTheChainIsFoundByVerification() throws Exception {
        try (CentreServer centre = CentreServer.start(dataDir, 0)) {
            someActivity(centre);
        }
        long forged;
        try (Connection c = sqlite(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO audit_log (at, username, action) VALUES ('2026-12-01T00:00:00Z', 'clerk', 'login')");
            var rs = st.executeQuery("SELECT max(id) FROM audit_log");
            rs.next();
            forged = rs.getLong(1);
        }

        AuditChain.Verification after = verify(); // opening the centre again does not chain it in

        assertThat(after.ok()).isFalse();
        assertThat(after.brokenAt()).isEqualTo(forged);
    }

    @Test
    void upgradeChainsTheOldAuditRowsAndOldAccountsKeepEveryDepartment() throws Exception {
        org.sqlite.SQLiteDataSource old = new org.sqlite.SQLiteDataSource();
        old.setUrl("jdbc:sqlite:" + dataDir.resolve("centre.db"));
        org.flywaydb.core.Flyway.configure(getClass().getClassLoader()).dataSource(old).locations("classpath:db/centre")
                .target("5").load().migrate();
        try (Connection c = old.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO staff (username, password_hash, roles, created_at) VALUES"
                    + " ('old.clerk', 'x', 'clerk', '2026-01-01T00:00:00Z')");
            for (int i = 0; i < 3; i++) {
                st.executeUpdate("INSERT INTO audit_log (at, username, action, application_id, detail) VALUES"
                        + " ('2026-01-0" + (i + 1) + "T00:00:00Z', 'old.clerk', 'view', 'A" + i + "', NULL)");
            }
        }

        try (CentreServer centre = CentreServer.start(dataDir, 0)) {
            centre.saveStaff("old.clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK)); // password only
            DeskFixture f = new DeskFixture(centre);
            String kiosk = f.enrol("K0001");
            f.submit(kiosk, "K0001", "pension-enrol");
            f.submit(kiosk, "K0001", "school-enrolment");
            assertThat(f.json.readTree(f.send("GET", "/console/api/applications", f.login("old.clerk"), null).body()))
                    .hasSize(2);
        }

        AuditChain.Verification v = verify();
        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.rows()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void postgresRefusesEditsAndConcurrentWritersOfTwoCentresDoNotForkTheChain() throws Exception {
        String url = PostgresServer.newDatabase();
        try (CentreServer a = CentreServer.startOnPostgres(url, "127.0.0.1", 0);
             CentreServer b = CentreServer.startOnPostgres(url, "127.0.0.1", 0)) {
            a.saveStaff("clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK));
            DeskFixture fa = new DeskFixture(a);
            DeskFixture fb = new DeskFixture(b);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> logins = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    DeskFixture f = i % 2 == 0 ? fa : fb;
                    logins.add(pool.submit(() -> f.login("clerk")));
                }
                for (Future<String> login : logins) {
                    login.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (CentreServer.Parts parts = CentreServer.Parts.postgres(url)) {
            AuditChain.Verification v = parts.verifyAudit();
            assertThat(v.ok()).as(v.toString()).isTrue();
            assertThat(v.rows()).isGreaterThanOrEqualTo(25);
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET username = 'nobody' WHERE id = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE id = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("TRUNCATE audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }
}
