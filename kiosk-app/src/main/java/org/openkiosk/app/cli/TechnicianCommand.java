package org.openkiosk.app.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.openkiosk.app.config.ConfigEditor;
import org.openkiosk.app.diag.TechnicianPin;
import picocli.CommandLine.Command;

/**
 * {@code ./kiosk technician set-pin}: asks for the technician's PIN twice (on the terminal without echo, or two lines
 * on standard input) and writes its salted hash as {@code technician.pin-hash} into the configuration file, keeping
 * every other line as it was. The PIN itself is stored nowhere.
 */
@Command(name = "technician", subcommands = TechnicianCommand.SetPin.class, description = "technician mode")
final class TechnicianCommand {

    @Command(name = "set-pin", description = "set the PIN that opens technician mode (6-12 digits, asked twice; stored"
            + " as a salted PBKDF2 hash in technician.pin-hash of the configuration file)")
    static final class SetPin extends CliCommand {
        SetPin(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            Path file = options.configPath();
            options.config(); // the file must be valid before it is changed
            char[] first = null;
            char[] second = null;
            try {
                Console console = System.console();
                if (console != null) {
                    first = console.readPassword("technician PIN (6-12 digits): ");
                    second = console.readPassword("the same PIN again: ");
                } else {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    String a = in.readLine();
                    String b = in.readLine();
                    first = a == null ? null : a.strip().toCharArray();
                    second = b == null ? null : b.strip().toCharArray();
                }
                if (first == null || second == null) {
                    throw new Main.UsageException("technician set-pin: give the PIN twice (two lines on standard input)");
                }
                String problem = TechnicianPin.problem(first);
                if (problem != null) {
                    throw new Main.UsageException("technician set-pin: " + problem);
                }
                if (!Arrays.equals(first, second)) {
                    throw new Main.UsageException("technician set-pin: the two PINs differ; nothing was changed");
                }
                String hash = TechnicianPin.hash(first);
                new ConfigEditor(file).savePinHash(hash); // validated and written like any technician edit
                out.println("technician PIN set in " + file + " (restart the kiosk session to use it)");
                out.flush();
                return 0;
            } finally {
                TechnicianPin.wipe(first);
                TechnicianPin.wipe(second);
            }
        }
    }
}
