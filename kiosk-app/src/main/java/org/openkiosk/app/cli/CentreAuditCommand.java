package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.AuditChain;

/**
 * {@code ./kiosk centre audit verify (--data DIR | --db JDBC-URL)}: checks the centre's audit log hash chain;
 * prints OK with the row count and the last row's hash (exit 0), or the first broken row (exit 1).
 */
final class CentreAuditCommand {

    private CentreAuditCommand() {
    }

    static int run(Deque<String> args, PrintStream out) throws Main.UsageException {
        if (!"verify".equals(args.peek())) {
            throw new Main.UsageException("centre audit verify (--data DIR | --db JDBC-URL)");
        }
        args.pop();
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--data", "--db"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String db = CentreCommand.database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre audit verify needs --data DIR (or --db JDBC-URL)");
        }
        if (db == null && !java.nio.file.Files.exists(Path.of(o.value("--data").get()).resolve("centre.db"))) {
            throw new Main.UsageException("there is no centre database in " + o.value("--data").get());
        }
        AuditChain.Verification v;
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
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
