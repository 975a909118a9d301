package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.ElicenceImport;

/**
 * {@code ./kiosk centre elicence import (--data DIR | --db JDBC-URL) --csv FILE --folder DIR}: registers the
 * e-licences another system exported (a CSV with the columns type, number, id_number, issuer, issued_on, valid_until,
 * file, and the PDFs in DIR); each is audited. Every bad row is reported and nothing is imported while there is one
 * (exit 1); rows registered before are left alone, so the command can be run again.
 */
final class CentreElicenceCommand {

    private CentreElicenceCommand() {
    }

    static int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!"import".equals(args.peek())) {
            throw new Main.UsageException("centre elicence import (--data DIR | --db JDBC-URL) --csv FILE --folder DIR");
        }
        args.pop();
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--data", "--db", "--csv", "--folder"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String db = CentreCommand.database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre elicence import needs --data DIR (or --db JDBC-URL)");
        }
        Path csv = Path.of(o.value("--csv").orElseThrow(() -> new Main.UsageException("centre elicence import needs --csv FILE")));
        Path folder = Path.of(o.value("--folder").orElseThrow(
                () -> new Main.UsageException("centre elicence import needs --folder DIR (where the PDFs are)")));
        if (!Files.isRegularFile(csv) || !Files.isDirectory(folder)) {
            throw new Main.UsageException("no CSV file " + csv + " or no folder " + folder);
        }
        List<String> registered;
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            registered = centre.importElicences(csv, folder);
        } catch (ElicenceImport.ImportException e) {
            e.problems().forEach(err::println);
            err.println("nothing imported: " + e.problems().size() + " problem(s)");
            return 1;
        }
        registered.forEach(r -> out.println("registered " + r));
        out.println(registered.size() + " e-licence(s) registered");
        return 0;
    }
}
