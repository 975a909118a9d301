package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.TechnicianPin;
import org.openkiosk.sync.api.Json;

/** {@code ./kiosk config show|set|check} on a configuration file given with --config. */
class ConfigCommandTest {
    private static final String FILE = """
            # the kiosk of the village service point
            kiosk.id=K0007
            kiosk.data=data

            # devices
            idcard.port = sim
            printer.port=sim
            ui.idle-seconds=120
            """;

    private final CliRun kiosk = CliRun.lastRunOnly();

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("kiosk.properties");
        Files.writeString(config, FILE, StandardCharsets.UTF_8);
    }

    @Test
    void setWritesTheValidValuesKeepingCommentsAndOtherKeysAndSaysToRestart() throws Exception {
        assertThat(kiosk.run("config", "set", "ui.idle-seconds=90", "centre.url=https://zwfw-centre.example.gov.cn",
                "--config", config.toString())).as(kiosk.err()).isZero();
        assertThat(Files.readString(config)).isEqualTo(FILE.replace("ui.idle-seconds=120", "ui.idle-seconds=90")
                + "centre.url=https://zwfw-centre.example.gov.cn\n");
        assertThat(kiosk.out()).contains("ui.idle-seconds: 120 -> 90", "centre.url: (default) -> https://zwfw-centre.example.gov.cn",
                "systemctl restart openkiosk-kiosk");
        KioskConfig loaded = KioskConfig.load(config, Map.of());
        assertThat(loaded.ui().idleTimeout().toSeconds()).isEqualTo(90);
        assertThat(loaded.centre().url()).isEqualTo("https://zwfw-centre.example.gov.cn");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("kiosk.properties");
        }

        assertThat(kiosk.run("config", "show", "--json", "--config", config.toString())).as(kiosk.err()).isZero();
        JsonNode shown = Json.mapper().readTree(kiosk.out());
        assertThat(shown.at("/values/ui.idle-seconds").asText()).isEqualTo("90");
        assertThat(shown.at("/values/centre.url").asText()).isEqualTo("https://zwfw-centre.example.gov.cn");

        assertThat(kiosk.run("config", "set", "ui.idle-seconds=90", "--config", config.toString())).isZero();
        assertThat(kiosk.out()).contains("nothing changed");
    }

    @Test
    void anInvalidSetNamesEveryBadKeyInOneMessageExitsTwoAndLeavesTheFileByteForByte() throws Exception {
        byte[] before = Files.readAllBytes(config);
        long modified = Files.getLastModifiedTime(config).toMillis();
        assertThat(kiosk.run("config", "set", "ui.idle-seconds=5", "idcard.baud=12345", "ui.locale=fr", "printer.colour=red",
                "technician.pin-hash=pbkdf2", "kiosk.id=K0008", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("unchanged", "ui.idle-seconds", "idcard.baud", "ui.locale", "printer.colour: unknown key",
                "technician.pin-hash", "technician set-pin").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(kiosk.err().lines().filter(l -> l.startsWith("kiosk:")).count()).as("one message").isEqualTo(1);
        assertThat(kiosk.out()).isEmpty();
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(config).toMillis()).isEqualTo(modified);
        try (var left = Files.list(dir)) {
            assertThat(left.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void thePinHashIsRefusedEvenWhenWellFormedAndPointsToSetPin() throws Exception {
        String hash = TechnicianPin.hash("135790".toCharArray());
        assertThat(kiosk.run("config", "set", "technician.pin-hash=" + hash, "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("technician.pin-hash", "kiosk technician set-pin");
        assertThat(Files.readString(config)).isEqualTo(FILE);
    }

    @Test
    void showListsEveryKeyInEffectWithDefaultsMarkedAndThePinHashRedacted() throws Exception {
        String hash = TechnicianPin.hash("135790".toCharArray());
        Files.writeString(config, FILE + "technician.pin-hash=" + hash + "\n");
        assertThat(kiosk.run("config", "show", "--config", config.toString())).as(kiosk.err()).isZero();
        assertThat(kiosk.out()).doesNotContain(hash).contains("technician.pin-hash", "<redacted>")
                .contains(config.toAbsolutePath().toString());
        assertThat(kiosk.out().lines().filter(l -> l.startsWith("kiosk.id ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).contains("K0007").doesNotContain("(default)"));
        assertThat(kiosk.out().lines().filter(l -> l.startsWith("ui.locale ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).contains("zh-CN", "(default)"));
        assertThat(kiosk.out().lines().filter(l -> l.startsWith("kiosk.data ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).contains(dir.resolve("data").toString()));

        assertThat(kiosk.run("config", "show", "--json", "--set", "ui.locale=en", "--config", config.toString())).isZero();
        assertThat(kiosk.out()).doesNotContain(hash);
        JsonNode json = Json.mapper().readTree(kiosk.out());
        assertThat(json.at("/file").asText()).isEqualTo(config.toAbsolutePath().toString());
        assertThat(json.at("/values").size()).isEqualTo(KioskConfig.KEYS.size());
        assertThat(json.at("/values/technician.pin-hash").asText()).isEqualTo("<redacted>");
        assertThat(json.at("/values/ui.locale").asText()).as("--set overrides what is shown").isEqualTo("en");
        assertThat(json.at("/defaults").toString()).contains("camera.ocr").doesNotContain("ui.locale").doesNotContain("kiosk.id");
    }

    @Test
    void checkExitsZeroWhenValidAndOneWithEveryProblemWhenNot() throws Exception {
        assertThat(kiosk.run("config", "check", "--config", config.toString())).as(kiosk.err()).isZero();
        assertThat(kiosk.out()).contains("valid");
        Files.writeString(config, FILE + "idcard.baud=1\nui.elderly=yes\n");
        byte[] bad = Files.readAllBytes(config);
        assertThat(kiosk.run("config", "check", "--config", config.toString())).isEqualTo(1);
        assertThat(kiosk.err()).contains("idcard.baud", "ui.elderly").doesNotContain("Exception");
        assertThat(Files.readAllBytes(config)).isEqualTo(bad);
        assertThat(kiosk.run("config", "check", "--config", dir.resolve("missing.properties").toString())).isEqualTo(1);
        assertThat(kiosk.err()).contains("does not exist");
    }

    @Test
    void setCanRepairAnInvalidFileAndReportsWhatIsStillWrong() throws Exception {
        Files.writeString(config, FILE + "idcard.baud=1\nui.elderly=yes\n");
        assertThat(kiosk.run("config", "set", "idcard.baud=9600", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("ui.elderly").doesNotContain("idcard.baud");
        assertThat(kiosk.run("config", "set", "idcard.baud=9600", "ui.elderly=", "--config", config.toString())).as(kiosk.err()).isZero();
        assertThat(kiosk.run("config", "check", "--config", config.toString())).isZero();
        assertThat(Files.readString(config)).startsWith(FILE).contains("idcard.baud=9600\n", "ui.elderly=\n");
    }

    @Test
    void usageErrorsExitTwoAndChangeNothing() throws Exception {
        assertThat(kiosk.run("config", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.run("config", "edit", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.run("config", "check", "--json", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.run("config", "set", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.run("config", "set", "ui.idle-seconds", "90", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("KEY=VALUE");
        assertThat(kiosk.run("config", "set", "ui.idle-seconds=90", "ui.idle-seconds=60", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("twice");
        assertThat(kiosk.run("config", "set", "ui.idle-seconds=90", "--set", "ui.locale=en", "--config", config.toString())).isEqualTo(2);
        assertThat(kiosk.run("config", "set", "ui.idle-seconds=90", "--config", dir.resolve("missing.properties").toString()))
                .isEqualTo(2);
        assertThat(kiosk.err()).contains("does not exist");
        assertThat(Files.readString(config)).isEqualTo(FILE);
        assertThat(Files.exists(dir.resolve("missing.properties"))).isFalse();
    }

    @Test
    void helpListsTheConfigCommands() {
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("config show [--json]", "config set KEY=VALUE", "config check");
    }
}
