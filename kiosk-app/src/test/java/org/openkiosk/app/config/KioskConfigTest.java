package org.openkiosk.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KioskConfigTest {
    @TempDir
    Path dir;

    @Test
    void shippedConfigurationIsValidAndSimulatesEverything() throws Exception {
        KioskConfig c = KioskConfig.load(Path.of("..", "kiosk.properties"), Map.of());
        assertThat(c.idcard().simulated()).isTrue();
        assertThat(c.printer().simulated()).isTrue();
        assertThat(c.camera().simulated()).isTrue();
        assertThat(c.centre().embedded()).isTrue();
        assertThat(c.ui().locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void reportsEveryBadKeyInOneMessage() {
        Properties p = new Properties();
        p.setProperty("idcard.baud", "12345");
        p.setProperty("ui.elderly", "yes");
        p.setProperty("centre.url", "ftp://x");
        p.setProperty("printer.port", "lpt1");
        p.setProperty("ui.colour", "red");
        assertThatThrownBy(() -> KioskConfig.parse(p, dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5))
                .hasMessageContaining("idcard.baud").hasMessageContaining("ui.elderly").hasMessageContaining("centre.url")
                .hasMessageContaining("printer.port").hasMessageContaining("ui.colour: unknown key");
    }

    @Test
    void overridesWinOverTheFileAndPathsResolveAgainstIt() throws Exception {
        Path file = dir.resolve("kiosk.properties");
        Files.writeString(file, "kiosk.id=K0042\nkiosk.data=state\nidcard.port=/dev/ttyUSB0\n");
        KioskConfig c = KioskConfig.load(file, Map.of("ui.locale", "en"));
        assertThat(c.kiosk().id()).isEqualTo("K0042");
        assertThat(c.kiosk().dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(c.idcard().simulated()).isFalse();
        assertThat(c.ui().locale()).isEqualTo(Locale.ENGLISH);
        assertThat(c.simulated().idcard().simulated()).isTrue();
    }

    @Test
    void syncPaceAndRetentionAreReadAndBoundedWithTheShippedDefaults() throws Exception {
        KioskConfig shipped = KioskConfig.load(Path.of("..", "kiosk.properties"), Map.of());
        assertThat(shipped.sync()).isEqualTo(new KioskConfig.Sync(java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMinutes(5), java.time.Duration.ofDays(7)));

        Properties p = new Properties();
        p.setProperty("sync.interval-seconds", "60");
        p.setProperty("sync.heartbeat-seconds", "120");
        p.setProperty("sync.retention-days", "0");
        assertThat(KioskConfig.parse(p, dir).sync()).isEqualTo(new KioskConfig.Sync(java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(2), java.time.Duration.ZERO));

        p.setProperty("sync.interval-seconds", "1");
        p.setProperty("sync.retention-days", "400");
        p.setProperty("sync.every", "5");
        assertThatThrownBy(() -> KioskConfig.parse(p, dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("sync.interval-seconds: '1' is not a whole number from 5 to 3600")
                .hasMessageContaining("sync.retention-days: '400' is not a whole number from 0 to 365")
                .hasMessageContaining("sync.every: unknown key");
    }

    @Test
    void theEffectiveValuesNameEveryKeyAndReadBackToTheSameConfiguration() throws Exception {
        Files.createDirectories(dir.resolve("catalogue"));
        Path file = dir.resolve("kiosk.properties");
        Files.writeString(file, "kiosk.id=K0042\nkiosk.data=state\nidcard.port=/dev/ttyUSB0\nidcard.baud=9600\n"
                + "printer.port=tcp://10.0.0.9:9100\nprinter.document-queue=KioskPDF\ncamera.ocr=off\ncatalogue.dir=catalogue\n"
                + "ui.locale=en\nui.elderly=true\nui.fullscreen=false\nui.idle-seconds=45\n"
                + "sync.interval-seconds=30\nsync.heartbeat-seconds=600\nsync.retention-days=3\n");
        for (KioskConfig c : java.util.List.of(KioskConfig.load(file, Map.of()),
                KioskConfig.load(Path.of("..", "kiosk.properties"), Map.of()))) {
            Map<String, String> effective = c.effective();
            assertThat(effective.keySet()).containsExactlyElementsOf(KioskConfig.KEYS);
            Properties p = new Properties();
            p.putAll(effective);
            assertThat(KioskConfig.parse(p, Path.of("/elsewhere"))).isEqualTo(c);
        }
    }
}
