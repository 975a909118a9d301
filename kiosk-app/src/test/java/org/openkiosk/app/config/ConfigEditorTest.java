package org.openkiosk.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditorTest {
    private static final String FILE = """
            # the kiosk
            kiosk.id=K0001
            kiosk.data=data

            # screen
            ui.locale=zh-CN
            idcard.port = sim
            printer.port=sim
            technician.pin-hash=
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("kiosk.properties");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void showsTheEditableKeysAsWrittenAndNeverTheSecretOnes() throws Exception {
        Map<String, String> values = new ConfigEditor(write(FILE)).values();
        assertThat(values).containsEntry("kiosk.id", "K0001").containsEntry("idcard.port", "sim")
                .containsEntry("centre.url", "").doesNotContainKey("technician.pin-hash");
        assertThat(values.keySet()).containsExactlyElementsOf(ConfigEditor.EDITABLE);
    }

    @Test
    void aValidEditReplacesOnlyItsLinesAndAppendsMissingKeysKeepingCommentsAndOrder() throws Exception {
        Path f = write(FILE);
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("kiosk.id", "K0042");
        edits.put("idcard.port", "/dev/ttyUSB0");
        edits.put("centre.url", "https://centre.example.gov.cn");
        edits.put("printer.port", "sim");
        assertThat(new ConfigEditor(f).save(edits)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("""
                # the kiosk
                kiosk.id=K0042
                kiosk.data=data

                # screen
                ui.locale=zh-CN
                idcard.port=/dev/ttyUSB0
                printer.port=sim
                technician.pin-hash=
                centre.url=https://centre.example.gov.cn
                """);
        assertThat(KioskConfig.load(f, Map.of()).idcard().port()).isEqualTo("/dev/ttyUSB0");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("kiosk.properties");
        }
    }

    @Test
    void anInvalidEditReportsEveryBadKeyAndWritesNothing() throws Exception {
        Path f = write(FILE);
        byte[] before = Files.readAllBytes(f);
        long modified = Files.getLastModifiedTime(f).toMillis();
        assertThatThrownBy(() -> new ConfigEditor(f).save(Map.of("idcard.baud", "12345", "kiosk.id", "K 1",
                "ui.locale", "fr")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("idcard.baud").hasMessageContaining("kiosk.id").hasMessageContaining("ui.locale");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(modified);
    }

    @Test
    void keysOutsideTheEditableSetAndMultiLineValuesAreRefused() throws Exception {
        Path f = write(FILE);
        assertThatThrownBy(() -> new ConfigEditor(f).save(Map.of("technician.pin-hash", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("technician.pin-hash: cannot be changed here");
        assertThatThrownBy(() -> new ConfigEditor(f).save(Map.of("kiosk.id", "K1\ntechnician.pin-hash=x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("one line");
        assertThat(Files.readString(f)).isEqualTo(FILE);
    }

    @Test
    void savingTheSameValuesChangesNothing() throws Exception {
        Path f = write(FILE);
        assertThat(new ConfigEditor(f).save(Map.of("kiosk.id", "K0001", "idcard.port", "sim"))).isFalse();
        assertThat(Files.readString(f)).isEqualTo(FILE);
    }

    @Test
    void setChangesAnyKnownKeyButThePinHashAndReportsEachChange() throws Exception {
        Path f = write(FILE);
        assertThat(new ConfigEditor(f).set(Map.of("camera.ocr", "off"))).containsExactly(
                new ConfigEditor.Change("camera.ocr", "", "off"));
        assertThat(Files.readString(f)).isEqualTo(FILE + "camera.ocr=off\n");
        assertThatThrownBy(() -> new ConfigEditor(f).set(Map.of("technician.pin-hash", "", "kiosk.colour", "red",
                "ui.idle-seconds", "1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("technician set-pin").hasMessageContaining("kiosk.colour: unknown key")
                .hasMessageContaining("ui.idle-seconds");
        assertThat(Files.readString(f)).isEqualTo(FILE + "camera.ocr=off\n");
    }

    @Test
    void aKeyWrittenTwiceIsChangedOnEveryLineSoTheEditWins() throws Exception {
        Path f = write("ui.idle-seconds=60\n# again\nui.idle-seconds=120\n");
        assertThat(new ConfigEditor(f).set(Map.of("ui.idle-seconds", "90"))).hasSize(1);
        assertThat(Files.readString(f)).isEqualTo("ui.idle-seconds=90\n# again\nui.idle-seconds=90\n");
        assertThat(KioskConfig.load(f, Map.of()).ui().idleTimeout().toSeconds()).isEqualTo(90);
    }

    @Test
    void theRewrittenFileKeepsTheOldOnesModeAndGroup() throws Exception {
        Path f = write(FILE);
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----");
        Files.setPosixFilePermissions(f, mode);
        var group = Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class).group();
        assertThat(new ConfigEditor(f).save(Map.of("kiosk.id", "K0042"))).isTrue();
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(mode);
        assertThat(Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class).group()).isEqualTo(group);
        new ConfigEditor(f).savePinHash(org.openkiosk.app.diag.TechnicianPin.hash("135790".toCharArray()));
        assertThat(Files.getPosixFilePermissions(f)).as("the PIN hash stays out of other users' reach").isEqualTo(mode);
    }

    @Test
    void thePinHashIsValidatedLikeAnyValueAndAppendedWithItsComment() throws Exception {
        Path f = write("kiosk.id=K0001\n");
        assertThatThrownBy(() -> new ConfigEditor(f).savePinHash("1234")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("technician.pin-hash");
        assertThat(Files.readString(f)).isEqualTo("kiosk.id=K0001\n");
        String hash = org.openkiosk.app.diag.TechnicianPin.hash("135790".toCharArray());
        new ConfigEditor(f).savePinHash(hash);
        assertThat(Files.readString(f)).isEqualTo("kiosk.id=K0001\n\n# Technician mode PIN (salted PBKDF2 hash), set with: "
                + "kiosk technician set-pin\ntechnician.pin-hash=" + hash + "\n");
    }

    @Test
    void aFolderThatIsGoneIsReportedInPlainWordsAndNothingIsCreated() {
        Path f = dir.resolve("gone").resolve("kiosk.properties");
        assertThatThrownBy(() -> new ConfigEditor(f).save(Map.of("kiosk.id", "K0042")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("the folder " + dir.resolve("gone") + " of kiosk.properties does not exist; nothing was changed");
        assertThat(Files.exists(dir.resolve("gone"))).isFalse();
    }
}
