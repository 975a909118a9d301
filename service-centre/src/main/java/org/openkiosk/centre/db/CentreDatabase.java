package org.openkiosk.centre.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The centre's embedded SQLite database ({@code centre.db} in the data directory), in WAL mode
 * with synchronous=FULL, migrated by Flyway from {@code classpath:db/centre}. One connection per
 * unit of work: WAL lets readers run beside the one writer, and write transactions start
 * IMMEDIATE so concurrent writers queue on the busy timeout instead of failing mid-transaction.
 */
public final class CentreDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(CentreDatabase.class);
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final SQLiteDataSource dataSource;

    private CentreDatabase(SQLiteDataSource dataSource) {
        this.dataSource = dataSource;
    }

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

        var result = Flyway.configure(CentreDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/centre")
                .load()
                .migrate();
        LOG.info("Centre database {} at schema version {} ({} migration(s) applied now)", file,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return new CentreDatabase(dataSource);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
