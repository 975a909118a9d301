package org.openkiosk.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.ElicenceImport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kiosk centre elicence import (--data DIR | --db JDBC-URL) --csv FILE --folder DIR}: the centre's e-licences. */
@Command(name = "elicence", subcommands = CentreElicenceCommand.Import.class, description = "the centre's e-licences")
final class CentreElicenceCommand {

    /**
     * Registers the e-licences another system exported (a CSV with the columns type, number, id_number, issuer,
     * issued_on, valid_until, file, and the PDFs in DIR); each is audited. Every bad row is reported and nothing is
     * imported while there is one (exit 1); rows registered before are left alone, so the command can be run again.
     */
    @Command(name = "import", description = "register e-licences from another system: CSV columns type,number,"
            + "id_number,issuer,issued_on,valid_until,file (the PDF's name in DIR); every bad row reported and nothing"
            + " imported (exit 1); run again safely")
    static final class Import extends CliCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        @Option(names = "--csv", paramLabel = "FILE", required = true, description = "the exported list")
        Path csv;

        @Option(names = "--folder", paramLabel = "DIR", required = true, description = "where the PDFs are")
        Path folder;

        Import(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(csv) || !Files.isDirectory(folder)) {
                throw new Main.UsageException("no CSV file " + csv + " or no folder " + folder);
            }
            List<String> registered;
            try (CentreServer.Parts centre = database.open()) {
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
}
