package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
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

/**
 * {@code ./kiosk config show|set|check}: the technician screen's configuration editing for a shell. {@code set} goes
 * through the same {@link ConfigEditor} as the screen (the whole resulting file validated by {@link KioskConfig},
 * every bad key in one message and nothing written; a valid edit written atomically, comments and other keys kept).
 * {@code show} redacts secrets as the diagnostic bundle does.
 */
final class ConfigCommand implements Command {
    /** Exit code of {@code config check} for an invalid file (a usage error stays 2). */
    static final int INVALID = 1;

    @Override
    public String usage() {
        return """
                  config show [--json]
                                      the configuration in effect, defaults included, secrets redacted
                  config set KEY=VALUE [KEY=VALUE ...]
                                      change keys in the configuration file: the whole result is checked first
                                      (invalid: exit 2, every bad key named, the file untouched); then restart
                                      the kiosk session (technician.pin-hash: use technician set-pin)
                  config check        validate the configuration file: exit 0 when valid, 1 with every problem
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--json"), List.of());
        List<String> rest = o.rest();
        String sub = rest.isEmpty() ? "" : rest.get(0);
        List<String> operands = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
        Path file = o.configPath();
        switch (sub) {
            case "show" -> {
                noOperands(sub, operands);
                return show(o, file, out);
            }
            case "check" -> {
                noOperands(sub, operands);
                if (o.flag("--json")) {
                    throw new Main.UsageException("config check has no --json: its exit code says it (0 valid, 1 not)");
                }
                return check(o, file, out, err);
            }
            case "set" -> {
                if (o.flag("--json") || !o.sets().isEmpty()) {
                    throw new Main.UsageException("config set takes only KEY=VALUE pairs (and --config FILE); "
                            + "--set overrides a key for one run, config set changes the file");
                }
                return set(file, operands, out, err);
            }
            default -> throw new Main.UsageException(sub.isEmpty() ? "config needs 'show', 'set' or 'check'"
                    : "config: unknown subcommand '" + sub + "' (show, set, check)");
        }
    }

    private static void noOperands(String sub, List<String> operands) throws Main.UsageException {
        if (!operands.isEmpty()) {
            throw new Main.UsageException("config " + sub + ": unexpected argument '" + operands.get(0) + "'");
        }
    }

    private static int show(Main.Options o, Path file, PrintStream out) throws Exception {
        KioskConfig config = o.config();
        Redactor redactor = redactor(config);
        Properties written = writtenKeys(file, o.sets());
        Map<String, String> values = new LinkedHashMap<>();
        List<String> defaulted = new java.util.ArrayList<>();
        config.effective().forEach((key, value) -> {
            values.put(key, redactor.value(key, value));
            String given = written.getProperty(key);
            if (given == null || given.isBlank()) {
                defaulted.add(key);
            }
        });
        if (o.flag("--json")) {
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

    private static int check(Main.Options o, Path file, PrintStream out, PrintStream err) {
        try {
            o.config();
        } catch (ConfigException e) {
            err.println("kiosk: " + file + ": " + e.getMessage());
            return INVALID;
        }
        out.println(file + ": valid");
        out.flush();
        return 0;
    }

    private static int set(Path file, List<String> operands, PrintStream out, PrintStream err) throws Exception {
        if (operands.isEmpty()) {
            throw new Main.UsageException("config set needs KEY=VALUE (e.g. config set ui.idle-seconds=90)");
        }
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

    private static String shown(String value) {
        return value.isEmpty() ? "(default)" : value;
    }
}
