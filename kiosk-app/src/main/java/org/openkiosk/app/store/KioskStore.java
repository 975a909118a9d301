package org.openkiosk.app.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The kiosk's own database ({@code kiosk.db} in the data directory). Opens it (SQLite in WAL mode with
 * synchronous=FULL, so a method that returns has its change on disk and a power cut loses nothing confirmed to a
 * resident), brings it up to date with Flyway ({@code classpath:db/kiosk} for the schema, then the Java data
 * migrations {@code V8}..{@code V10} of this package, which need the store key) and hands out its parts, one per
 * aggregate, all over one connection and one {@link Transactions} helper:
 * {@link #numbers()}, {@link #applications()}, {@link #ratings()}, {@link #syncState()}, {@link #results()},
 * {@link #lockout()}, {@link #deadLetters()} and {@link #retention()}.
 *
 * <p>Thread-safe: one connection, used by one caller at a time (the UI flow and the sync worker
 * share it; every operation is short).
 */
public final class KioskStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KioskStore.class);

    private final Transactions tx;
    private final ApplicationNumbers numbers;
    private final ApplicationQueue applications;
    private final RatingQueue ratings;
    private final SyncState syncState;
    private final ResultDocuments results;
    private final TechnicianLockoutState lockout;
    private final DeadLetters deadLetters;
    private final RetentionPurge retention;

    private KioskStore(Transactions tx, ApplicationKeys keys) {
        this.tx = tx;
        this.numbers = new ApplicationNumbers(tx);
        this.applications = new ApplicationQueue(tx, keys);
        this.ratings = new RatingQueue(tx);
        this.syncState = new SyncState(tx);
        this.results = new ResultDocuments(tx, keys);
        this.lockout = new TechnicianLockoutState(tx);
        this.deadLetters = new DeadLetters(tx);
        this.retention = new RetentionPurge(tx, keys);
    }

    /**
     * Opens (creating if needed) {@code dataDir/kiosk.db} and brings its schema up to date, with the store key
     * protected as {@code store.tpm=auto} says ({@link StoreKeyVault}).
     */
    public static KioskStore open(Path dataDir) {
        return open(dataDir, StoreKeyVault.AUTO);
    }

    /**
     * Opens (creating if needed) {@code dataDir/kiosk.db} and brings its schema and data up to date.
     *
     * @param tpm the {@code store.tpm} setting: {@code auto}, {@code off} or a TCTI ({@link StoreKeyVault})
     */
    public static KioskStore open(Path dataDir, String tpm) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the kiosk data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("kiosk.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true"); // purged values are overwritten, not left in free pages
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        ApplicationKeys keys = new ApplicationKeys(new PersonalDataCipher(StoreKeyVault.storeKey(dataDir, tpm)));
        MigrateResult migrated = migrate(dataSource, keys);
        Transactions tx;
        try {
            tx = new Transactions(dataSource.getConnection());
        } catch (SQLException e) {
            throw Transactions.failed("cannot open " + file, e);
        }
        if (migrated.migrationsExecuted > 0) {
            tx.truncateWal(); // no page holding data encrypted under the store key alone stays in the WAL
        }
        LOG.info("Kiosk store opened at {}", file);
        return new KioskStore(tx, keys);
    }

    /**
     * The schema from {@code classpath:db/kiosk} (V1..V7), then the data migrations in Java. Those need the store key,
     * so they are handed to Flyway as instances built with it ({@code javaMigrations}), not found by a class scan.
     */
    static MigrateResult migrate(SQLiteDataSource dataSource, ApplicationKeys keys) {
        return Flyway.configure(KioskStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/kiosk")
                .javaMigrations(new V8__Encrypt_plaintext_rows(keys), new V9__Own_key_per_application(keys),
                        new V10__Rating_ids())
                .load()
                .migrate();
    }

    /** The application numbers of this kiosk, one counter per day. */
    public ApplicationNumbers numbers() {
        return numbers;
    }

    /** The submitted applications: the queue for the centre and the residents' look-up. */
    public ApplicationQueue applications() {
        return applications;
    }

    /** The residents' ratings queued for the centre. */
    public RatingQueue ratings() {
        return ratings;
    }

    /** Where the kiosk stands with the centre: last error, changes cursor, catalogue version. */
    public SyncState syncState() {
        return syncState;
    }

    /** The result documents fetched from the centre. */
    public ResultDocuments results() {
        return results;
    }

    /** The technician PIN pad's saved lockout. */
    public TechnicianLockoutState lockout() {
        return lockout;
    }

    /** The applications the centre refused for good. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** The purge of personal data past its retention. */
    public RetentionPurge retention() {
        return retention;
    }

    @Override
    public void close() {
        tx.close();
        LOG.info("Kiosk store closed");
    }
}
