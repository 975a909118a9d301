package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.cli.Main;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;

/**
 * Issue 13 item 6, from the command line: {@code ./kiosk centre audit verify --data DIR} says OK with the row
 * count (exit 0) for an intact audit log, and names the first broken row (exit 1) for one edited behind the
 * database's back.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.openkiosk.centre.db.PostgresServer.class)
class AuditVerifyCommandAttackTest {

    @TempDir
    Path centreDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int kiosk(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifySaysOkForAnIntactLogAndNamesTheFirstBrokenRowOfAnEditedOne() throws Exception {
        try (CentreServer centre = CentreServer.start(centreDir, 0)) {
            centre.saveStaff("clerk", "correct horse battery".toCharArray(), EnumSet.of(Role.CLERK));
            centre.saveStaff("approver", "correct horse battery".toCharArray(), EnumSet.of(Role.APPROVER));
            centre.saveStaff("viewer", "correct horse battery".toCharArray(), EnumSet.of(Role.VIEWER));
        }

        assertThat(kiosk("centre", "audit", "verify", "--data", centreDir.toString())).as(err.toString()).isZero();
        assertThat(out()).contains("audit log OK").contains("3 rows");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + centreDir.resolve("centre.db"));
             Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER IF EXISTS audit_log_no_update");
            st.executeUpdate("UPDATE audit_log SET detail = 'approver as viewer' WHERE id = 2");
        }

        assertThat(kiosk("centre", "audit", "verify", "--data", centreDir.toString())).isEqualTo(1);
        assertThat(out()).contains("BROKEN at row 2").doesNotContain("log OK");
        assertThat(kiosk("centre", "audit", "verify")).isEqualTo(2);
    }

    @Test
    void verifyReadsAPostgresDatabaseGivenByUrl() throws Exception {
        String url = org.openkiosk.centre.db.PostgresServer.newDatabase();
        try (CentreServer centre = CentreServer.startOnPostgres(url, "127.0.0.1", 0)) {
            centre.saveStaff("clerk", "correct horse battery".toCharArray(), EnumSet.of(Role.CLERK));
            centre.saveStaff("approver", "correct horse battery".toCharArray(), EnumSet.of(Role.APPROVER));
        }

        assertThat(kiosk("centre", "audit", "verify", "--db", url)).as(err.toString()).isZero();
        assertThat(out()).contains("audit log OK").contains("2 rows");

        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete");
            st.executeUpdate("DELETE FROM audit_log WHERE id = 1");
        }

        assertThat(kiosk("centre", "audit", "verify", "--db", url)).isEqualTo(1);
        assertThat(out()).contains("BROKEN at row 2");
    }

    @Test
    void staffGetDepartmentsFromTheCommandLineCheckedAgainstTheCatalogue() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(kiosk("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--roles", "clerk",
                    "--departments", "hrss,civil")).as(err.toString()).isZero();
            assertThat(out()).contains("li.clerk").contains("civil,hrss");
            System.setIn(new java.io.ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(kiosk("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--roles", "clerk",
                    "--departments", "nowhere")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown department 'nowhere'");
        } finally {
            System.setIn(stdin);
        }
    }
}
