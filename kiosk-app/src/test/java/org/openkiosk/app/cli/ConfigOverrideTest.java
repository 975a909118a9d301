package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.TechnicianPin;
import picocli.CommandLine;

/**
 * Every key the configuration accepts can be overridden on the command line, by {@code --set key=value} and by
 * {@code -Dkey=value} (an option of every command, and a Java system property): a key missing from the system
 * properties' filter was silently ignored ({@code sync.*}, {@code technician.*}).
 */
class ConfigOverrideTest {

    /** A valid value, other than the default, for every key; a new key without one fails the test. */
    private static final Map<String, String> SAMPLES = new TreeMap<>(Map.ofEntries(
            Map.entry("kiosk.id", "K0099"),
            Map.entry("kiosk.data", "elsewhere"),
            Map.entry("centre.url", "http://127.0.0.1:9"),
            Map.entry("centre.ca-file", "centre-ca.pem"),
            Map.entry("idcard.port", "/dev/ttyUSB7"),
            Map.entry("idcard.baud", "9600"),
            Map.entry("idcard.timeout-seconds", "7"),
            Map.entry("printer.port", "/dev/ttyUSB8"),
            Map.entry("printer.baud", "9600"),
            Map.entry("printer.document-queue", "HallA4"),
            Map.entry("camera.source", "3"),
            Map.entry("camera.sim-dir", "papers2"),
            Map.entry("camera.ocr", "off"),
            Map.entry("catalogue.dir", "catalogue2"),
            Map.entry("ui.locale", "en"),
            Map.entry("ui.elderly", "true"),
            Map.entry("ui.fullscreen", "false"),
            Map.entry("ui.idle-seconds", "77"),
            Map.entry("sync.interval-seconds", "30"),
            Map.entry("sync.heartbeat-seconds", "120"),
            Map.entry("sync.retention-days", "9"),
            Map.entry("store.tpm", "off"),
            Map.entry("help.hotline", "0571-12345"),
            Map.entry("help.place", "城关镇便民服务站"),
            Map.entry("sscard.reader", "Virtual PCD 00 00"),
            Map.entry("technician.pin-hash", TechnicianPin.hash("246810".toCharArray()))));

    @TempDir
    Path dir;

    @Test
    void everyKeyHasASampleValue() {
        assertThat(SAMPLES.keySet()).as("a sample value for every key of KioskConfig.KEYS")
                .containsExactlyInAnyOrderElementsOf(KioskConfig.KEYS);
    }

    @Test
    void everyKeyCanBeOverriddenWithSet() throws Exception {
        Map<String, String> baseline = effective(List.of());
        for (String key : KioskConfig.KEYS) {
            Map<String, String> overridden = effective(List.of("--set", key + "=" + SAMPLES.get(key)));
            assertOverridden(key, baseline, overridden);
        }
    }

    @Test
    void everyKeyCanBeOverriddenWithDOnTheCommandLine() throws Exception {
        Map<String, String> baseline = effective(List.of());
        for (String key : KioskConfig.KEYS) {
            assertOverridden(key, baseline, effective(List.of("-D" + key + "=" + SAMPLES.get(key))));
            assertOverridden(key, baseline, effective(List.of("-D", key + "=" + SAMPLES.get(key))));
        }
    }

    @Test
    void everyKeyCanBeOverriddenWithSystemProperties() throws Exception {
        Map<String, String> baseline = effective(List.of());
        for (String key : KioskConfig.KEYS) {
            System.setProperty(key, SAMPLES.get(key));
            try {
                assertOverridden(key, baseline, effective(List.of()));
            } finally {
                System.clearProperty(key);
            }
        }
    }

    @Test
    void aMisspeltKeyGivenWithDIsReportedNotIgnored() throws Exception {
        System.setProperty("sync.interval-second", "30");
        try {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> effective(List.of())))
                    .hasMessageContaining("sync.interval-second: unknown key");
        } finally {
            System.clearProperty("sync.interval-second");
        }
    }

    private static void assertOverridden(String key, Map<String, String> baseline, Map<String, String> overridden) {
        assertThat(overridden.get(key)).as("%s overridden", key).isNotEqualTo(baseline.get(key))
                .endsWith(SAMPLES.get(key));
        overridden.forEach((k, v) -> {
            if (!k.equals(key)) {
                assertThat(v).as("%s untouched by an override of %s", k, key).isEqualTo(baseline.get(k));
            }
        });
    }

    private Map<String, String> effective(List<String> args) throws Exception {
        Path file = dir.resolve("kiosk.properties");
        if (!Files.exists(file)) {
            Files.writeString(file, "# nothing set: every key at its default\n");
            Files.createDirectories(dir.resolve("papers2")); // camera.sim-dir and catalogue.dir must name folders
            Files.createDirectories(dir.resolve("catalogue2"));
            Files.writeString(dir.resolve("centre-ca.pem"), "-----BEGIN CERTIFICATE-----\n"); // centre.ca-file: a readable file
        }
        List<String> all = new ArrayList<>(List.of("config", "check"));
        all.addAll(args);
        all.add("--config");
        all.add(file.toString());
        List<CommandLine> parsed = Main.commandLine(new Streams(System.out, System.err))
                .parseArgs(all.toArray(String[]::new)).asCommandLineList();
        CliCommand command = parsed.get(parsed.size() - 1).getCommand();
        return command.options.config().effective();
    }
}
