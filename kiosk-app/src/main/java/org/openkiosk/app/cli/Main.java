package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openkiosk.app.KioskVersion;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The entry point behind {@code ./kiosk}: the kiosk UI, the demo, the centre and the technician commands, parsed by
 * picocli from the annotated command classes ({@link KioskCommand} lists them), which also writes {@code ./kiosk help}
 * and every command's {@code --help}. Prints plain messages, never a stack trace; exit code 0 on success, 1 on
 * failure, 2 on a usage error.
 */
public final class Main {
    /** Without a command, or with options only, the kiosk UI runs. */
    private static final Set<String> ROOT_OPTIONS = Set.of("-h", "--help", "--version");
    private static final int HELP_WIDTH = 100;
    /** After every other option (picocli orders by subtraction: no MAX_VALUE). */
    private static final int HELP_ORDER = 1000;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(new Streams(out, err));
        int code = cli.execute(withCommand(argv));
        out.flush();
        err.flush();
        return code;
    }

    /** {@code ./kiosk} and {@code ./kiosk --smoke ...} run the UI ({@code run}); {@code version} is {@code --version}. */
    private static String[] withCommand(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        if (args.isEmpty() || args.get(0).startsWith("-") && !ROOT_OPTIONS.contains(args.get(0))) {
            args.add(0, "run");
        } else if (args.get(0).equals("version")) {
            args.set(0, "--version");
        }
        return args.toArray(String[]::new);
    }

    static CommandLine commandLine(Streams streams) {
        CommandLine cli = new CommandLine(KioskCommand.class, factory(streams));
        cli.setOut(new PrintWriter(streams.out(), true));
        cli.setErr(new PrintWriter(streams.err(), true));
        cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        cli.setSeparator(" ");
        cli.setUsageHelpWidth(HELP_WIDTH);
        cli.setExpandAtFiles(false); // an argument starting with @ is a value, not a file of arguments
        cli.setOverwrittenOptionsAllowed(true); // an option given twice: the last one counts
        cli.setAllowOptionsAsOptionParameters(true); // the word after an option is its value, whatever it looks like
        cli.setAllowSubcommandsAsOptionParameters(true);
        CliErrors errors = new CliErrors(streams.err());
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        CommandList.install(cli);
        everyCommand(cli);
        return cli;
    }

    /**
     * {@code --help} on every command, listed last; the commands' own options in the order they are declared; the
     * configuration options also on the commands that only group others ({@code print --config F} is still
     * "print needs receipt, licence or test").
     */
    private static void everyCommand(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().sortOptions(false).sortSynopsis(false);
        if (spec.parent() != null && spec.optionsMap().get("--config") == null) {
            spec.addMixin("configuration", CommandSpec.forAnnotatedObject(new ConfigOptions()));
        }
        if (spec.optionsMap().get("--help") == null) {
            spec.addOption(OptionSpec.builder("--help").usageHelp(true).order(HELP_ORDER)
                    .description("show this command's options").build());
        }
        cli.getSubcommands().values().stream().distinct().forEach(Main::everyCommand);
    }

    /** Commands are made with their {@link Streams} when they have such a constructor. */
    private static CommandLine.IFactory factory(Streams streams) {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Streams.class) {
                        c.setAccessible(true);
                        return type.cast(c.newInstance(streams));
                    }
                }
                return fallback.create(type);
            }
        };
    }

    static String version() {
        return KioskVersion.current();
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
