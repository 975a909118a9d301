package org.openkiosk.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk}: every command, in the order {@code ./kiosk help} lists them. A new command is a class annotated
 * with {@code @Command} and one entry here.
 */
@Command(name = "kiosk", versionProvider = KioskCommand.Version.class,
        synopsisHeading = "usage: ",
        description = "The kiosk and its technician commands. Without a command (or with the options of run only), the"
                + " kiosk UI starts as configured. ./kiosk COMMAND --help shows a command's options.",
        commandListHeading = "%ncommands:%n",
        footerHeading = "%noptions for every command:%n",
        subcommands = {UiCommand.Run.class, UiCommand.Demo.class, CentreCommand.class, EnrolCommand.class,
                QueueCommand.class, SyncCommand.class, SelftestCommand.class, IdCardCommand.class, PrintCommand.class,
                CameraCommand.class, OcrCommand.class, BenchCommand.class, DevicesCommand.class, DiagCommand.class,
                TechnicianCommand.class, ConfigCommand.class, HelpCommand.class})
final class KioskCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this list")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version")
    boolean version;

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"openkiosk " + Main.version()};
        }
    }
}
