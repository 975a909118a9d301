package org.openkiosk.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.config.KioskHome;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of every command: {@code --config FILE} and the one-run overrides {@code --set KEY=VALUE} and
 * {@code -D KEY=VALUE} (repeatable). Java system properties in the configuration's namespace ({@code java
 * -Dkey=value}) override too, under the command line's.
 */
final class ConfigOptions {
    /** Listed after each command's own options in its help. */
    private static final int ORDER = 100;
    private static final Set<String> NAMES = Set.of("--config", "--set", "-D");

    @Option(names = "--config", paramLabel = "FILE", order = ORDER,
            description = "configuration file (default: kiosk.properties at the repository root, or where installed)")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", order = ORDER + 1, converter = KeyValue.class,
            description = "override one configuration key for this run (may repeat)")
    private List<Map.Entry<String, String>> sets = new ArrayList<>();

    @Option(names = "-D", paramLabel = "KEY=VALUE", order = ORDER + 2, converter = KeyValue.class,
            description = "the same as --set, written like a Java system property: -Dui.locale=en")
    private List<Map.Entry<String, String>> defines = new ArrayList<>();

    /** True for the options every command has, which the list of commands does not repeat for each. */
    static boolean isShared(OptionSpec option) {
        return option.usageHelp() || option.versionHelp() || NAMES.contains(option.longestName());
    }

    /** The configuration file: {@code --config}, else {@code kiosk.properties} where the kiosk is installed. */
    Path configPath() {
        return configFile != null ? configFile : KioskHome.configFile();
    }

    /** The keys given on the command line ({@code -D}, then {@code --set}: the later wins). */
    Map<String, String> sets() {
        Map<String, String> all = new LinkedHashMap<>();
        defines.forEach(e -> all.put(e.getKey(), e.getValue()));
        sets.forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    /** The configuration file read and validated, with system properties and then the command line's keys over it. */
    KioskConfig config() throws ConfigException {
        Path file = configPath();
        if (configFile != null && !Files.exists(file)) {
            throw new ConfigException(List.of("configuration file " + file + " does not exist"));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(KioskConfig::inNamespace)
                .forEach(k -> overrides.put(k, System.getProperty(k)));
        overrides.putAll(sets());
        return KioskConfig.load(file, overrides);
    }

    /** {@code KEY=VALUE}, the key not empty. */
    static final class KeyValue implements ITypeConverter<Map.Entry<String, String>> {
        @Override
        public Map.Entry<String, String> convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("needs KEY=VALUE, not '" + value + "'");
            }
            return Map.entry(value.substring(0, eq), value.substring(eq + 1));
        }
    }
}
