package org.openkiosk.app.cli;

import java.nio.file.Files;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.AuditChain;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** {@code ./kiosk centre audit verify (--data DIR | --db JDBC-URL)}: the centre's audit log. */
@Command(name = "audit", subcommands = CentreAuditCommand.Verify.class, description = "the centre's audit log")
final class CentreAuditCommand {

    /** Checks the audit log's hash chain: OK with the row count and the last row's hash (exit 0), or the first broken row (exit 1). */
    @Command(name = "verify", description = "check the audit log's hash chain: OK with the row count and the last hash"
            + " (exit 0), or the first broken row (exit 1)")
    static final class Verify extends CliCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        Verify(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (database.postgres() == null && !Files.exists(database.data.resolve("centre.db"))) {
                throw new Main.UsageException("there is no centre database in " + database.data);
            }
            AuditChain.Verification v;
            try (CentreServer.Parts centre = database.open()) {
                v = centre.verifyAudit();
            }
            if (v.ok()) {
                out.println("audit log OK: " + v.rows() + " rows, chained; last hash " + (v.lastHash().isEmpty() ? "(none)"
                        : v.lastHash()));
                return 0;
            }
            out.println("audit log BROKEN at row " + v.brokenAt() + ": " + v.problem() + " (" + (v.rows() - 1)
                    + " rows before it are intact)");
            return 1;
        }
    }
}
