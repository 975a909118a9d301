package org.openkiosk.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the store's parts use the kiosk database: a piece of work runs on the store's single connection, under
 * its lock, in one transaction that commits when the work returns and rolls back when it throws. A SQL failure comes
 * out as a {@link StoreException} that says what could not be done and carries the database's own error as its cause
 * (and in its message); any other exception is rethrown as it is, after the rollback. Work started inside other work
 * joins the outer transaction.
 */
final class Transactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** Work on the connection that gives a value. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection db) throws SQLException;
    }

    /** Work on the connection that gives nothing back. */
    @FunctionalInterface
    public interface Step {
        void accept(Connection db) throws SQLException;
    }

    private final Connection db;

    Transactions(Connection db) {
        this.db = db;
    }

    /**
     * Runs {@code work} in one transaction and commits it.
     *
     * @param failure what could not be done if the database fails, e.g. "cannot store application K0001-…"
     * @throws StoreException when the database fails; nothing of the work stays
     */
    public synchronized <T> T inTransaction(String failure, Work<T> work) {
        return run(failure, work, true);
    }

    /** {@link #inTransaction} for work without a result. */
    public synchronized void write(String failure, Step step) {
        run(failure, c -> {
            step.accept(c);
            return null;
        }, true);
    }

    /** Runs {@code work} on one snapshot of the database (every statement sees the same state) and changes nothing. */
    public synchronized <T> T read(String failure, Work<T> work) {
        return run(failure, work, false);
    }

    private <T> T run(String failure, Work<T> work, boolean commit) {
        try {
            if (!db.getAutoCommit()) {
                return work.apply(db); // inside another piece of work: its transaction decides
            }
            db.setAutoCommit(false);
            try {
                T value = work.apply(db);
                if (commit) {
                    db.commit();
                } else {
                    db.rollback();
                }
                return value;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackAfter(e);
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(failure, e);
        }
    }

    private void rollbackAfter(Throwable failure) {
        try {
            db.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** The store's error for a database failure: what could not be done, then the database's words, then the cause. */
    static StoreException failed(String failure, SQLException cause) {
        String detail = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new StoreException(failure + " (" + detail + ")", cause);
    }

    /**
     * Copies the WAL into the database file and empties it, so page versions written before (a destroyed key, a
     * deleted document) are no longer in it; secure_delete has zeroed them in the database file. Another connection
     * reading at the time can hold this back: then the next purge does it.
     */
    synchronized void truncateWal() {
        try (PreparedStatement st = db.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)");
             ResultSet rs = st.executeQuery()) {
            if (rs.next() && rs.getInt(1) != 0) {
                LOG.warn("The WAL could not be emptied now (another connection is reading); the next purge retries");
            }
        } catch (SQLException e) {
            LOG.warn("Emptying the WAL failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed("cannot close the kiosk store", e);
        }
    }
}
