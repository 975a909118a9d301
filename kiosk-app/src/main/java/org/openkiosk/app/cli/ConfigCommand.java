package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.openkiosk.app.config.ConfigEditor;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.DiagBundle;
import org.openkiosk.app.diag.Redactor;
import org.openkiosk.sync.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./kiosk config show|set|check}: the technician screen's configuration editing for a shell. {@code set} goes
 * through the same {@link ConfigEditor} as the screen (the whole resulting file validated by {@link KioskConfig},
 * every bad key in one message and nothing written; a valid edit written atomically, comments and other keys kept).
 * {@code show} redacts secrets as the diagnostic bundle does.
 */
@Command(name = "config", subcommands = {ConfigCommand.Show.class, ConfigCommand.SetKeys.class, ConfigCommand.Check.class},
        description = "the configuration file")
final class ConfigCommand {
    /** Exit code of {@code config check} for an invalid file (a usage error stays 2). */
    static final int INVALID = 1;

    @Command(name = "show", description = "the configuration in effect, defaults included, secrets redacted")
    static final class Show extends CliCommand {
        @Option(names = "--json", description = "print {\"file\", \"values\": {...}, \"defaults\": [...]}")
        boolean json;

        Show(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            Path file = options.configPath();
            KioskConfig config = options.config();
            Redactor redactor = redactor(config);
            Properties written = writtenKeys(file, options.sets());
            Map<String, String> values = new LinkedHashMap<>();
            List<String> defaulted = new java.util.ArrayList<>();
            config.effective().forEach((key, value) -> {
                values.put(key, redactor.value(key, value));
                String given = written.getProperty(key);
                if (given == null || given.isBlank()) {
                    defaulted.add(key);
                }
            });
            if (json) {
                ObjectNode node = Json.mapper().createObjectNode();
                node.put("file", file.toAbsolutePath().toString());
                ObjectNode v = node.putObject("values");
                values.forEach(v::put);
                defaulted.forEach(node.putArray("defaults")::add);
                out.println(Json.mapper().writeValueAsString(node));
            } else {
                out.println("# " + file.toAbsolutePath() + (Files.exists(file) ? "" : " (no such file: all defaults)")
                        + "; values in effect, secrets redacted");
                int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
                values.forEach((key, value) -> out.println(String.format("%-" + width + "s = %s%s", key,
                        value.isEmpty() ? "(none)" : value, defaulted.contains(key) ? "   (default)" : "")));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "set", description = "change keys in the configuration file: the whole result is checked first"
            + " (invalid: exit 2, every bad key named, the file untouched); then restart the kiosk session"
            + " (technician.pin-hash: use technician set-pin)")
    static final class SetKeys extends CliCommand {
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "a key and its new value (KEY= takes the"
                + " key back to its default)")
        List<String> operands;

        SetKeys(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (!options.sets().isEmpty()) {
                throw new Main.UsageException("config set takes only KEY=VALUE pairs (and --config FILE); "
                        + "--set overrides a key for one run, config set changes the file");
            }
            Path file = options.configPath();
            Map<String, String> edits = new LinkedHashMap<>();
            for (String a : operands) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new Main.UsageException("config set needs KEY=VALUE, not '" + a + "'");
                }
                String key = a.substring(0, eq).strip();
                if (edits.put(key, a.substring(eq + 1)) != null) {
                    throw new Main.UsageException("config set: " + key + " is given twice");
                }
            }
            if (!Files.exists(file)) {
                throw new ConfigException(List.of("configuration file " + file + " does not exist"));
            }
            List<ConfigEditor.Change> changes;
            try {
                changes = new ConfigEditor(file).set(edits);
            } catch (ConfigException e) {
                err.println("kiosk: not saved, " + file + " is unchanged. " + e.getMessage());
                return 2;
            }
            if (changes.isEmpty()) {
                out.println("nothing changed: " + file + " already has these values");
            } else {
                out.println("changed in " + file + ":");
                for (ConfigEditor.Change c : changes) {
                    out.println("  " + c.key() + ": " + shown(c.before()) + " -> " + shown(c.after()));
                }
                out.println("restart the kiosk session to use it: systemctl restart openkiosk-kiosk "
                        + "(run by hand: start ./kiosk again)");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", description = "validate the configuration file: exit 0 when valid, 1 with every problem")
    static final class Check extends CliCommand {
        Check(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() {
            Path file = options.configPath();
            try {
                options.config();
            } catch (ConfigException e) {
                err.println("kiosk: " + file + ": " + e.getMessage());
                return INVALID;
            }
            out.println(file + ": valid");
            out.flush();
            return 0;
        }
    }

    private static Redactor redactor(KioskConfig config) {
        try {
            return DiagBundle.redactorFor(config);
        } catch (RuntimeException e) { // the data folder's secrets are out of this user's reach: keys still redacted
            return new Redactor(config.technician().pinHash().stream().toList());
        }
    }

    /** The keys the file (or a --set/-D override) gives a value; the rest are KioskConfig's defaults. */
    private static Properties writtenKeys(Path file, Map<String, String> sets) throws java.io.IOException {
        Properties p = new Properties();
        if (Files.isReadable(file)) {
            try (var in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(KioskConfig.KEYS::contains)
                .forEach(k -> p.setProperty(k, System.getProperty(k)));
        sets.forEach(p::setProperty);
        return p;
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(default)" : value;
    }
}
