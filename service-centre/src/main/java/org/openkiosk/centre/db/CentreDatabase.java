package org.openkiosk.centre.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The centre's database: embedded SQLite ({@code centre.db} in a data directory, WAL,
 * synchronous=FULL, write transactions IMMEDIATE so concurrent writers queue on the busy timeout)
 * or, in production, PostgreSQL given a JDBC URL, shared by several centre instances. Migrated by
 * Flyway from {@code classpath:db/centre} or {@code classpath:db/centre-postgres}. One connection per
 * unit of work.
 */
public final class CentreDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentreDatabase.class);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    /** Which SQL engine: the repositories' SQL is common to both but for row locking. */
    public enum Dialect { SQLITE, POSTGRES }

    private final DataSource dataSource;
    private final Dialect dialect;
    /** PostgreSQL's JDBC URL, for connections held outside the pool (LISTEN); null for SQLite. */
    private final String jdbcUrl;

    private CentreDatabase(DataSource dataSource, Dialect dialect, String jdbcUrl) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbcUrl = jdbcUrl;
    }

    /** The embedded database in {@code dataDir}. */
    public static CentreDatabase open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the centre data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("centre.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        migrate(dataSource, "classpath:db/centre", file.toString());
        return new CentreDatabase(dataSource, Dialect.SQLITE, null);
    }

    /**
     * PostgreSQL at {@code jdbcUrl} (user and password in the URL, e.g.
     * {@code jdbc:postgresql://db:5432/centre?user=centre&password=...}), through a connection pool.
     */
    public static CentreDatabase postgres(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL JDBC URL starts with jdbc:postgresql:, not '" + jdbcUrl + "'");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(16);
        config.setPoolName("centre-db");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, "classpath:db/centre-postgres", jdbcUrl.replaceAll("password=[^&]*", "password=***"));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new CentreDatabase(dataSource, Dialect.POSTGRES, jdbcUrl);
    }

    private static void migrate(DataSource dataSource, String location, String shown) {
        var result = Flyway.configure(CentreDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations(location)
                .load()
                .migrate();
        LOG.info("Centre database {} at schema version {} ({} migration(s) applied now)", shown,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A PostgreSQL connection of its own, outside the pool, for a caller that holds it for the life of the process (the
     * help desk's {@code LISTEN}); the caller closes it.
     */
    Connection dedicatedConnection(String applicationName) throws SQLException {
        if (jdbcUrl == null) {
            throw new IllegalStateException("only a PostgreSQL centre has connections of its own");
        }
        java.util.Properties props = new java.util.Properties();
        props.setProperty("ApplicationName", applicationName); // what pg_stat_activity shows for it
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        return java.sql.DriverManager.getConnection(jdbcUrl, props);
    }

    /**
     * Runs one statement with {@code args} bound in order (a {@code Long} or {@code Integer} as a number, a
     * {@code byte[]} as bytes, anything else as its text, {@code null} as NULL) on the caller's connection; returns how
     * many rows it changed.
     */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            return st.executeUpdate();
        }
    }

    /** Binds {@code args} to {@code st} as {@link #update} does. */
    static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Long l) {
                st.setLong(i + 1, l);
            } else if (args[i] instanceof Integer n) {
                st.setInt(i + 1, n);
            } else if (args[i] instanceof byte[] bytes) {
                st.setBytes(i + 1, bytes);
            } else {
                st.setString(i + 1, args[i] == null ? null : args[i].toString());
            }
        }
    }

    /** Work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own and commits it; any exception rolls it back.
     * Work that decides to undo what it did rolls back itself and returns (the commit then has nothing to do).
     *
     * @param failure what could not be done if the database fails, e.g. "cannot store application …"
     * @throws DatabaseException when the database fails; nothing of the work stays
     */
    public <T> T inTransaction(String failure, Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(failure, e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** {@code " FOR UPDATE"} where the engine has row locks (SQLite's write transactions are exclusive anyway). */
    String forUpdate() {
        return dialect == Dialect.POSTGRES ? " FOR UPDATE" : "";
    }

    /**
     * Serialises, until the transaction ends, the writers of one kiosk's status changes, so their
     * sequence numbers become visible in order and a kiosk pulling by cursor never skips one. SQLite
     * needs nothing: its write transactions run one at a time.
     */
    void lockKiosk(Connection c, String kioskId) throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                st.setString(1, kioskId);
                st.execute();
            }
        }
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}
