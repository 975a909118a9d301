package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./kiosk help} and every command's {@code --help} are written by picocli from the command classes: every
 * documented command is listed, each command's help names all its options, and an unknown option is a usage error
 * that says where the options are.
 */
class CommandLineHelpTest {
    /** Every command of the README, sub-commands included, in the order of {@code ./kiosk help}. */
    private static final List<String> DOCUMENTED = List.of("run", "demo", "centre", "centre enrol", "centre revoke",
            "centre staff", "centre audit verify", "centre elicence import", "centre migrate-documents", "enrol", "queue demo", "sync", "sync status", "sync dead-letter",
            "sync dead-letter list", "sync dead-letter resend", "sync dead-letter export", "sync dead-letter open",
            "selftest", "idcard read", "idcard watch", "idcard bench", "print receipt", "print licence", "print test",
            "camera capture", "ocr", "bench ocr", "bench lookalikes", "bench centre", "devices", "diag bundle", "technician set-pin", "config show",
            "config set", "config check");

    private final CliRun kiosk = CliRun.lastRunOnly();

    @Test
    void theCommandLineHasExactlyTheDocumentedCommands() {
        assertThat(runnable()).extracting(CliErrors::path).containsExactlyElementsOf(DOCUMENTED);
    }

    @Test
    void helpListsEveryCommandWithItsSynopsis() {
        assertThat(kiosk.run("help")).isZero();
        String help = kiosk.out();
        for (String command : DOCUMENTED) {
            assertThat(help).as(command).containsPattern("(?m)^  " + command + "( |$)");
        }
        assertThat(help).contains("  test\n", "--config FILE", "--set KEY=VALUE", "-D  KEY=VALUE", "--version",
                "centre enrol --kiosk-id ID (--data DIR | --db JDBC-URL)", "sync dead-letter resend");
        assertThat(kiosk.err()).isEmpty();
    }

    @Test
    void helpOfEachCommandPrintsItsOptionsAndExitsZero() {
        for (CommandLine command : runnable()) {
            String path = CliErrors.path(command);
            assertThat(kiosk.run(words(path, "--help"))).as(path).isZero();
            assertThat(kiosk.out()).as(path).startsWith("Usage: kiosk " + path);
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertThat(kiosk.out()).as(path).contains(option.longestName());
            }
            assertThat(kiosk.out()).as(path).contains("--config FILE", "--set KEY=VALUE", "-D  KEY=VALUE");
            assertThat(kiosk.err()).as(path).isEmpty();
        }
        assertThat(kiosk.run("help", "print")).isZero();
        assertThat(kiosk.out()).contains("receipt", "licence", "test");
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatSaysWhereTheOptionsAre() {
        for (CommandLine command : runnable()) {
            String path = CliErrors.path(command);
            assertThat(kiosk.run(words(path, "--colour"))).as(path).isEqualTo(2);
            assertThat(kiosk.err().strip()).as(path)
                    .isEqualTo("kiosk: unknown option '--colour' (see ./kiosk " + path + " --help)");
            assertThat(kiosk.out()).as(path).isEmpty();
        }
        assertThat(kiosk.run("--colour")).isEqualTo(2); // without a command: the kiosk UI's options
        assertThat(kiosk.err()).contains("unknown option '--colour' (see ./kiosk run --help)");
    }

    @Test
    void everyCommandTakesTheConfigurationOptions() {
        for (CommandLine command : runnable()) {
            assertThat(command.getCommandSpec().optionsMap()).as(CliErrors.path(command))
                    .containsKeys("--config", "--set", "-D", "--help");
        }
    }

    @Test
    void aBadSetIsNamed() {
        assertThat(kiosk.run("config", "show", "--set", "ui.locale")).isEqualTo(2);
        assertThat(kiosk.err()).contains("--set needs KEY=VALUE, not 'ui.locale'");
        assertThat(kiosk.run("devices", "--set")).isEqualTo(2);
        assertThat(kiosk.err()).contains("--set needs a value");
    }

    /** The command line: the command's words, then one more. */
    private static String[] words(String command, String last) {
        return (command + " " + last).split(" ");
    }

    /** The commands that run (not the ones that only group others), depth first, in help order. */
    private static List<CommandLine> runnable() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(new Streams(System.out, System.err)), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        for (CommandLine sub : command.getSubcommands().values().stream().distinct().toList()) {
            if (sub.getCommand() instanceof Callable<?> && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                into.add(sub);
            }
            collect(sub, into);
        }
    }
}
