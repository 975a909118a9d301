package org.openkiosk.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.KioskVersion;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.config.KioskHome;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.app.diag.DiagBundle;
import org.openkiosk.app.diag.RedactingConverter;

/**
 * The entry point behind {@code ./kiosk}: the kiosk UI, the demo, the centre and the technician commands.
 * Prints plain messages, never a stack trace; exit code 0 on success, 1 on failure, 2 on a usage error.
 */
public final class Main {
    private static final String UI_USAGE = """
              (no command)        start the kiosk UI as configured in kiosk.properties
              demo                embedded service centre + simulated devices + the kiosk UI
                --smoke           headless: wait for the home screen, print "ready in N ms", exit 0
                --size WxH        screen size, e.g. 1920x1080 (default) or 1080x1920 (portrait)
                --screenshot FILE write the first frame of the home screen as PNG
                --elderly         start in elderly mode (larger type, higher contrast)
                --fullscreen      full screen instead of a window
            """;

    /**
     * Technician commands, by name. A new command is a class implementing {@link Command} and one line here.
     */
    static final java.util.Map<String, Command> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        // COMMANDS.put("name", new NameCommand());   -- one line per command, in help order
        COMMANDS.put("centre", new CentreCommand());
        COMMANDS.put("enrol", new EnrolCommand());
        COMMANDS.put("queue", new QueueCommand());
        COMMANDS.put("sync", new SyncCommand());
        COMMANDS.put("selftest", new SelftestCommand());
        COMMANDS.put("idcard", new IdCardCommand());
        COMMANDS.put("print", new PrintCommand());
        COMMANDS.put("camera", new CameraCommand());
        COMMANDS.put("ocr", new OcrCommand());
        COMMANDS.put("bench", new BenchCommand());
        COMMANDS.put("devices", new DevicesCommand());
        COMMANDS.put("diag", new DiagCommand());
        COMMANDS.put("technician", new TechnicianCommand());
        COMMANDS.put("config", new ConfigCommand());
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: ./kiosk [COMMAND] [OPTIONS]\n\n").append(UI_USAGE);
        COMMANDS.values().forEach(c -> b.append(c.usage()));
        b.append("""
                  test                install missing system packages, then run every test (see README)
                  help                this list
                  --version           print the version

                options for every command:
                  --config FILE       configuration file (default: kiosk.properties at the repository root)
                  --set KEY=VALUE     override one configuration key (may repeat)
                """);
        return b.toString();
    }

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Deque<String> args = new ArrayDeque<>(List.of(argv));
        String first = args.peek();
        String command = first == null || first.startsWith("--") && !List.of("--version", "--help").contains(first)
                ? "run" : args.pop();
        try {
            return switch (command) {
                case "help", "-h", "--help" -> {
                    out.print(usage());
                    yield 0;
                }
                case "--version", "version" -> {
                    out.println("openkiosk " + version());
                    yield 0;
                }
                case "run" -> ui(args, false, out, err);
                case "demo" -> ui(args, true, out, err);
                default -> {
                    Command c = COMMANDS.get(command);
                    if (c != null) {
                        yield c.run(args, out, err);
                    }
                    err.println("kiosk: unknown command '" + command + "'\n");
                    err.print(usage());
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("kiosk: " + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println("kiosk: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("kiosk: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    static String version() {
        return KioskVersion.current();
    }

    private static int ui(Deque<String> args, boolean demo, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, List.of("--smoke", "--elderly", "--fullscreen"), List.of("--size", "--screenshot"));
        if (o.hasRest()) {
            throw new UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        boolean smoke = o.flag("--smoke");
        int[] size = parseSize(o.value("--size").orElse("1920x1080"));
        if (smoke) {
            UiLauncher.prepareHeadless(size[0], size[1]);
        }
        KioskConfig config = o.config();
        boolean fullscreen = demo ? o.flag("--fullscreen") : config.ui().fullscreen() || o.flag("--fullscreen");
        Path smokeData = null;
        if (demo) {
            config = config.simulated();
            if (smoke) {
                smokeData = Files.createTempDirectory("kiosk-smoke-");
                config = config.withDataDir(smokeData);
            } else {
                config = config.withDataDir(config.kiosk().dataDir().resolve("demo"));
            }
        }
        Path configFile = o.configPath();
        UiOptions options = new UiOptions(smoke, size[0], size[1], o.value("--screenshot").map(Path::of),
                o.flag("--elderly"), fullscreen, configFile);
        RedactingConverter.use(DiagBundle.redactorFor(config));
        if (!smoke) {
            KioskLog.keepUnder(config.kiosk().dataDir().resolve("logs"));
        }
        try (Kiosk kiosk = KioskRoot.start(config)) {
            return UiLauncher.run(kiosk, options, out, err);
        } finally {
            if (smokeData != null) {
                deleteTree(smokeData);
            }
        }
    }

    static int[] parseSize(String text) throws UsageException {
        String[] parts = text.split("x");
        try {
            int w = Integer.parseInt(parts[0]);
            int h = Integer.parseInt(parts[1]);
            if (parts.length == 2 && w >= 320 && h >= 320 && w <= 7680 && h <= 7680) {
                return new int[] {w, h};
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new UsageException("--size must be WIDTHxHEIGHT in pixels, e.g. 1920x1080, not '" + text + "'");
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The options of one command: flags, valued options, {@code --config} and repeated {@code --set}. */
    record Options(Map<String, String> values, List<String> flags, Map<String, String> sets, Optional<Path> configFile,
                   List<String> rest) {
        static Options parse(Deque<String> args, List<String> knownFlags, List<String> knownValues) throws UsageException {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> flags = new java.util.ArrayList<>();
            Map<String, String> sets = new LinkedHashMap<>();
            List<String> rest = new java.util.ArrayList<>();
            Optional<Path> config = Optional.empty();
            while (!args.isEmpty()) {
                String a = args.pop();
                if (knownFlags.contains(a)) {
                    flags.add(a);
                } else if (knownValues.contains(a) || a.equals("--config") || a.equals("--set")) {
                    if (args.isEmpty()) {
                        throw new UsageException(a + " needs a value");
                    }
                    String v = args.pop();
                    if (a.equals("--config")) {
                        config = Optional.of(Path.of(v));
                    } else if (a.equals("--set")) {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--set needs KEY=VALUE, not '" + v + "'");
                        }
                        sets.put(v.substring(0, eq), v.substring(eq + 1));
                    } else {
                        values.put(a, v);
                    }
                } else if (a.startsWith("--")) {
                    throw new UsageException("unknown option '" + a + "' (see ./kiosk help)");
                } else {
                    rest.add(a);
                }
            }
            return new Options(values, flags, sets, config, rest);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        boolean hasRest() {
            return !rest.isEmpty();
        }

        /** The configuration file: {@code --config}, else {@code kiosk.properties} where the kiosk is installed. */
        Path configPath() {
            return configFile.orElseGet(KioskHome::configFile);
        }

        KioskConfig config() throws ConfigException {
            Path file = configPath();
            if (configFile.isPresent() && !Files.exists(file)) {
                throw new ConfigException(List.of("configuration file " + file + " does not exist"));
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            System.getProperties().stringPropertyNames().stream()
                    .filter(KioskConfig::inNamespace)
                    .forEach(k -> overrides.put(k, System.getProperty(k)));
            overrides.putAll(sets);
            return KioskConfig.load(file, overrides);
        }
    }

}
