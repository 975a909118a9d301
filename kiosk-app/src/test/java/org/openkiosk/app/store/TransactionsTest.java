package org.openkiosk.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's one transaction helper: all or nothing, and a failure that says what and why. */
class TransactionsTest {

    private Connection db;
    private Transactions tx;

    @BeforeEach
    void openDatabase() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement st = db.createStatement()) {
            st.executeUpdate("CREATE TABLE numbers (n INTEGER PRIMARY KEY)");
        }
        tx = new Transactions(db);
    }

    @AfterEach
    void closeDatabase() {
        tx.close();
    }

    @Test
    void committedWorkStays() {
        tx.write("cannot insert", c -> insert(c, 1));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aSqlFailureRollsBackEverythingTheWorkDidAndNamesItsCause() {
        assertThatThrownBy(() -> tx.write("cannot store the numbers", c -> {
            insert(c, 1);
            insert(c, 2);
            insert(c, 1); // the primary key refuses it
        })).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot store the numbers (")
                .hasMessageContaining("UNIQUE constraint failed: numbers.n")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(count()).as("the two rows before the failure are gone").isZero();
        tx.write("cannot insert", c -> insert(c, 3));
        assertThat(count()).as("the connection is usable again, in auto-commit").isEqualTo(1);
    }

    @Test
    void anyOtherFailureRollsBackAndComesOutUnchanged() {
        IllegalStateException refusal = new IllegalStateException("the work refused");
        assertThatThrownBy(() -> tx.write("cannot insert", c -> {
            insert(c, 1);
            throw refusal;
        })).isSameAs(refusal);
        assertThat(count()).isZero();
    }

    @Test
    void workInsideOtherWorkJoinsItsTransaction() {
        assertThatThrownBy(() -> tx.write("cannot insert the pair", c -> {
            tx.write("cannot insert the first", inner -> insert(inner, 1));
            insert(c, 1);
        })).isInstanceOf(StoreException.class);
        assertThat(count()).as("the inner work was not committed on its own").isZero();
    }

    @Test
    void aReadSeesOneSnapshotAndChangesNothing() {
        int seen = tx.read("cannot read", c -> {
            insert(c, 1);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM numbers")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(seen).isEqualTo(1);
        assertThat(count()).as("a read is rolled back").isZero();
    }

    private static void insert(Connection c, int n) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO numbers (n) VALUES (" + n + ")");
        }
    }

    private int count() {
        return tx.read("cannot count", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM numbers")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
