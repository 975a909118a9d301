package org.openkiosk.app.cli;

import java.nio.file.Path;
import org.openkiosk.centre.CentreServer;
import picocli.CommandLine.Option;

/** {@code --data DIR | --db JDBC-URL}: the centre's embedded database in a folder, or PostgreSQL. */
final class CentreDatabase {
    @Option(names = "--data", paramLabel = "DIR", description = "the centre's embedded database in DIR")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = "PostgreSQL (jdbc:postgresql://HOST/DB?user=U&password=P), which several centres may share")
    String db;

    /** The PostgreSQL URL, or null for the embedded database. */
    String postgres() throws Main.UsageException {
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw new Main.UsageException("--db needs a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB?user=U&password=P)");
        }
        return db;
    }

    /** The centre's parts on this database, without its HTTP server. */
    CentreServer.Parts open() throws Exception {
        return CentreServer.Parts.open(data, postgres());
    }
}
