package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.openkiosk.app.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a technician reads when a command line is wrong (one line starting {@code kiosk:}, exit 2) or a command fails
 * (one line, exit 1; a usage or configuration error found while running, exit 2). Never a stack trace. A command
 * that words a usage error its own way implements {@link OwnWords}.
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** A command's own words for some usage errors; null for the usual ones. */
    interface OwnWords {
        String usageError(ParameterException e);
    }

    private final PrintStream err;

    CliErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        err.println("kiosk: " + message(e));
        if (command.getParent() == null && e instanceof UnmatchedArgumentException) {
            err.println();
            command.usage(err);
        }
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        boolean usage = e instanceof Main.UsageException || e instanceof ConfigException;
        err.println("kiosk: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        err.flush();
        return usage ? USAGE : FAILED;
    }

    static String message(ParameterException e) {
        CommandLine command = e.getCommandLine();
        String path = path(command);
        // picocli checks required options before it reports a word it did not know: the unknown word comes first
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : command.getUnmatchedArguments();
        String arg = unmatched.isEmpty() ? null : unmatched.get(0);
        if (arg != null && command.getParent() != null && arg.startsWith("-") && arg.length() > 1) {
            return "unknown option '" + arg + "' (see ./kiosk " + path + " --help)";
        }
        String own = command.getCommand() instanceof OwnWords w ? w.usageError(e) : null;
        if (own != null) {
            return own;
        }
        if (arg != null) {
            if (command.getParent() == null) {
                return "unknown command '" + arg + "'";
            }
            if (!command.getSubcommands().isEmpty()) {
                return path + ": unknown subcommand '" + arg + "' (" + either(command) + ")";
            }
            return path + ": unexpected argument '" + arg + "'";
        }
        if (e instanceof MutuallyExclusiveArgsException) {
            return "give either " + given(command).stream().map(CliErrors::label).collect(Collectors.joining(" or "))
                    + ", not both";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec first = m.getMissing().get(0);
            if (first instanceof OptionSpec o && valueMissing(e)) {
                return o.longestName() + " needs a value";
            }
            if (first.group() != null && first.group().exclusive()) {
                List<ArgSpec> args = first.group().args().stream().toList();
                return path + " needs " + label(args.get(0)) + args.stream().skip(1).map(a -> " (or " + label(a) + ")")
                        .collect(Collectors.joining());
            }
            return path + " needs " + label(first);
        }
        if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() != null) {
            return name(e.getArgSpec()) + " " + t.getMessage();
        }
        if ("Missing required subcommand".equals(e.getMessage())) {
            return path + " needs " + either(command);
        }
        return e.getMessage();
    }

    /** True when an option was given without its value (rather than a required option left out). */
    static boolean valueMissing(ParameterException e) {
        return e instanceof MissingParameterException && e.getMessage() != null
                && e.getMessage().matches("(?s)(Missing required parameter|Expected parameter) for option .*");
    }

    /** The command as typed after {@code ./kiosk}: {@code centre audit verify}. */
    static String path(CommandLine command) {
        String qualified = command.getCommandSpec().qualifiedName(" ");
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }

    /** The sub-commands as a choice: {@code receipt, licence or test}. */
    static String either(CommandLine command) {
        List<String> names = command.getSubcommands().values().stream().distinct()
                .map(CommandLine::getCommandName).toList();
        return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1);
    }

    /** The options of an exclusive group that were given together. */
    private static List<ArgSpec> given(CommandLine command) {
        for (ArgGroupSpec group : command.getCommandSpec().argGroups()) {
            List<ArgSpec> given = group.args().stream().filter(a -> !a.originalStringValues().isEmpty()).toList();
            if (group.exclusive() && given.size() > 1) {
                return given;
            }
        }
        return List.of();
    }

    static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return o.arity().max() > 0 ? o.longestName() + " " + o.paramLabel() : o.longestName();
        }
        return arg.paramLabel();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }
}
