package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.TechnicianPin;

/** {@code ./kiosk technician set-pin}: the PIN twice on standard input, only its salted hash in the file. */
class TechnicianCommandTest {
    private final CliRun kiosk = CliRun.keepingOutput();
    private final InputStream stdin = System.in;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private int setPin(Path config, String input) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return kiosk.run("technician", "set-pin", "--config", config.toString());
    }

    @Test
    void storesOnlyASaltedHashThatMatchesThePinAndKeepsTheOtherLines() throws Exception {
        Path config = dir.resolve("kiosk.properties");
        Files.writeString(config, "# mine\nkiosk.id=K0007\n");
        assertThat(setPin(config, "135790\n135790\n")).as(kiosk.err()).isZero();
        String text = Files.readString(config);
        assertThat(text).startsWith("# mine\nkiosk.id=K0007\n").doesNotContain("135790");
        KioskConfig loaded = KioskConfig.load(config, Map.of());
        assertThat(loaded.technician().pinHash()).hasValueSatisfying(h -> {
            assertThat(TechnicianPin.matches("135790".toCharArray(), h)).isTrue();
            assertThat(TechnicianPin.matches("135791".toCharArray(), h)).isFalse();
        });
        assertThat(loaded.toString()).doesNotContain(loaded.technician().pinHash().get());

        String first = loaded.technician().pinHash().get();
        assertThat(setPin(config, "864200\n864200\n")).isZero(); // replaced, not added twice
        String again = Files.readString(config);
        assertThat(again.lines().filter(l -> l.startsWith("technician.pin-hash=")).count()).isEqualTo(1);
        assertThat(again).doesNotContain(first);
    }

    @Test
    void refusesShortDifferingOrNonDigitPinsAndChangesNothing() throws Exception {
        Path config = dir.resolve("kiosk.properties");
        Files.writeString(config, "kiosk.id=K0007\n");
        assertThat(setPin(config, "123\n123\n")).isEqualTo(2);
        assertThat(setPin(config, "135790\n135791\n")).isEqualTo(2);
        assertThat(setPin(config, "abcdef\nabcdef\n")).isEqualTo(2);
        assertThat(setPin(config, "111111\n111111\n")).isEqualTo(2);
        assertThat(Files.readString(config)).isEqualTo("kiosk.id=K0007\n");
        assertThat(kiosk.err()).contains("6 to 12 digits", "differ", "digits only")
                .doesNotContain("Exception");
    }

    @Test
    void aMalformedPinHashInTheConfigurationIsReportedWithTheOtherBadKeys() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("technician.pin-hash", "plain-text-pin");
        p.setProperty("technician.colour", "red");
        p.setProperty("ui.locale", "fr");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KioskConfig.parse(p, dir))
                .hasMessageContaining("technician.pin-hash").hasMessageContaining("technician.colour: unknown key")
                .hasMessageContaining("ui.locale");
    }
}
