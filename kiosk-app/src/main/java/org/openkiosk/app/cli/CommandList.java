package org.openkiosk.app.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./kiosk help}: every command a technician can run, sub-commands included, each with its synopsis as picocli
 * makes it from the command's options and its description; then the options every command takes, once.
 */
final class CommandList {
    private static final String INDENT = "        ";
    private static final int WIDTH = 98;
    /** Handled by the {@code ./kiosk} launcher before Java starts. */
    private static final String TEST = "test\n" + INDENT
            + "install missing system packages, then run every test (see README)\n";

    private CommandList() {
    }

    static void install(CommandLine root) {
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            StringBuilder b = new StringBuilder();
            list(root, b);
            return b.append(indent(TEST)).toString();
        });
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            CommandSpec shared = CommandSpec.forAnnotatedObject(new ConfigOptions());
            shared.parser().separator(" ");
            shared.usageMessage().sortOptions(false).width(WIDTH);
            shared.addOption(OptionSpec.builder("--help").usageHelp(true).description("show the command's options")
                    .build());
            return new Help(shared, help.colorScheme()).optionList();
        });
    }

    private static void list(CommandLine command, StringBuilder b) {
        for (CommandLine sub : command.getSubcommands().values().stream().distinct().toList()) {
            Object user = sub.getCommand();
            if (user instanceof CommandLine.HelpCommand) {
                continue;
            }
            if (user instanceof Callable<?> || user instanceof Runnable) {
                CommandSpec spec = sub.getCommandSpec();
                b.append(indent(wrap(CliErrors.path(sub) + new OwnOptionsHelp(spec, sub.getColorScheme()).synopsis(0),
                        "    ", true)));
                for (String line : spec.usageMessage().description()) {
                    b.append(indent(wrap(INDENT + line, INDENT, false)));
                }
            }
            list(sub, b);
        }
    }

    /** Breaks lines at spaces (outside brackets for a synopsis, so that no option is cut in two). */
    private static String wrap(String text, String indent, boolean synopsis) {
        StringBuilder b = new StringBuilder();
        StringBuilder line = new StringBuilder();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        for (char c : (text + " ").toCharArray()) {
            depth += !synopsis ? 0 : c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
            if (c != ' ' || depth > 0) {
                word.append(c);
                continue;
            }
            if (line.length() + word.length() >= WIDTH && !line.toString().isBlank()) {
                b.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(word).append(' ');
            word.setLength(0);
        }
        return b.append(line.toString().stripTrailing()).append('\n').toString();
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    /** The synopsis without the options every command has and without {@code [COMMAND]}: both are listed once. */
    private static final class OwnOptionsHelp extends Help {
        OwnOptionsHelp(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        @Override
        protected Text createDetailedSynopsisOptionsText(Collection<ArgSpec> done, Comparator<OptionSpec> optionSort,
                                                         boolean clusterBooleanOptions) {
            List<OptionSpec> own = commandSpec().options().stream().filter(o -> !ConfigOptions.isShared(o)).toList();
            return createDetailedSynopsisOptionsText(done, own, optionSort, clusterBooleanOptions);
        }

        /** The parts on one line, without the command's name (it is written before) nor {@code [COMMAND]}. */
        @Override
        protected String makeSynopsisFromParts(int headingLength, Text options, Text groups, Text endOfOptions,
                                               Text positionals, Text command) {
            return options.toString() + groups + endOfOptions + positionals;
        }
    }
}
