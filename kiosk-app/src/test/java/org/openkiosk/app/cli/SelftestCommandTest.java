package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/** {@code ./kiosk selftest} against the real drivers and the simulators on pseudo-terminals. */
class SelftestCommandTest {
    private final CliRun kiosk = CliRun.keepingOutput();

    @TempDir
    Path data;

    private int selftest(String... extra) {
        List<String> args = new ArrayList<>(List.of("selftest", "--set", "kiosk.data=" + data));
        args.addAll(List.of(extra));
        return kiosk.run(args.toArray(String[]::new));
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(kiosk.out());
    }

    @Test
    void everySimulatedDeviceIsOkAndTheExitCodeIsZero() throws Exception {
        assertThat(selftest("--json")).isZero();
        JsonNode array = json();
        assertThat(array.isArray()).isTrue();
        assertThat(array.findValuesAsText("device")).containsExactly("idcard", "camera", "ocr", "printer", "store-key");
        assertThat(array.get(2).get("detail").asText()).contains("quality good").containsPattern("[1-9]\\d* characters read");
        for (JsonNode device : array) {
            assertThat(device.get("ok").asBoolean()).as(device.toString()).isTrue();
            assertThat(device.get("detail").asText()).isNotBlank();
            assertThat(device.size()).isEqualTo(device.get("device").asText().equals("store-key") ? 4 : 3);
        }
        JsonNode key = array.get(4);
        if (!Files.exists(Path.of("/dev/tpmrm0"))) { // no TPM: the key lies in plain in the data folder, and it says so
            assertThat(key.get("warning").asBoolean()).isTrue();
            assertThat(key.get("detail").asText()).contains("store.key").contains("in plain");
        }
        assertThat(kiosk.err()).doesNotContain("Exception");
    }

    @Test
    void aPrinterPortThatDoesNotExistIsOneFailedEntryWithAPlainDetail() throws Exception {
        Path missing = data.resolve("no-such-printer");
        assertThat(selftest("--json", "--set", "printer.port=" + missing)).isEqualTo(1);
        JsonNode array = json();
        assertThat(array.findValuesAsText("device")).containsExactly("idcard", "camera", "ocr", "printer", "store-key");
        JsonNode printer = array.get(3);
        assertThat(printer.get("ok").asBoolean()).isFalse();
        assertThat(printer.get("detail").asText()).contains(missing.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(array.get(0).get("ok").asBoolean()).isTrue();
        assertThat(array.get(1).get("ok").asBoolean()).isTrue();
        assertThat(array.get(2).get("ok").asBoolean()).isTrue();
    }

    @Test
    void aPrinterOutOfPaperFailsItsSelfTestSayingSo() throws Exception {
        try (EscPosPrinterSimulator printer = EscPosPrinterSimulator.listenTcp(0, data.resolve("printer-out"))) {
            printer.setPaper(PaperState.END);

            assertThat(selftest("--json", "--set", "printer.port=tcp://127.0.0.1:" + printer.tcpPort())).isEqualTo(1);

            JsonNode entry = json().get(3);
            assertThat(entry.get("device").asText()).isEqualTo("printer");
            assertThat(entry.get("ok").asBoolean()).isFalse();
            assertThat(entry.get("detail").asText()).contains("paper end");
        }
    }

    @Test
    void anIdReaderThatIsNotThereFailsItsSelfTestWhileTheOthersPass() throws Exception {
        Path missing = data.resolve("no-such-reader");

        assertThat(selftest("--json", "--set", "idcard.port=" + missing)).isEqualTo(1);

        JsonNode array = json();
        assertThat(array.findValuesAsText("device")).containsExactly("idcard", "camera", "ocr", "printer", "store-key");
        assertThat(array.get(0).get("ok").asBoolean()).isFalse();
        assertThat(array.get(0).get("detail").asText()).contains(missing.toString()).doesNotContain("Exception");
        assertThat(array.get(3).get("ok").asBoolean()).isTrue();
    }

    @Test
    void aCameraThatGivesOnlyABlankPageFailsTheOcrSelfTest() throws Exception {
        Path pages = Files.createDirectories(data.resolve("blank-pages"));
        java.awt.image.BufferedImage blank = new java.awt.image.BufferedImage(1600, 1200,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = blank.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 1600, 1200);
        g.dispose();
        javax.imageio.ImageIO.write(blank, "png", pages.resolve("blank.png").toFile());

        assertThat(selftest("--json", "--set", "camera.sim-dir=" + pages)).isEqualTo(1);

        JsonNode ocr = json().get(2);
        assertThat(ocr.get("device").asText()).isEqualTo("ocr");
        assertThat(ocr.get("ok").asBoolean()).isFalse();
        assertThat(ocr.get("detail").asText()).doesNotContain("Exception");
    }

    @Test
    void withoutJsonItPrintsOneLinePerDeviceForATechnician() {
        assertThat(selftest()).isZero();
        String[] lines = kiosk.out().strip().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("idcard").contains(" ok ");
        assertThat(lines[1]).startsWith("camera").contains(" ok ");
        assertThat(lines[2]).startsWith("ocr").contains(" ok ");
        assertThat(lines[3]).startsWith("printer").contains(" ok ");
        assertThat(lines[4]).startsWith("store-key");
        if (!Files.exists(Path.of("/dev/tpmrm0"))) {
            assertThat(lines[4]).contains(" WARN ").contains("in plain");
        }
    }

    @Test
    void aKioskThatCannotBeSetUpIsOneFailedEntryNotAStackTrace() throws Exception {
        Path noPages = Files.createDirectories(data.resolve("camera-without-pages"));
        assertThat(selftest("--json", "--set", "camera.sim-dir=" + noPages)).isEqualTo(1);
        JsonNode array = json();
        assertThat(array).hasSize(2); // the failed set-up, then the store key's entry
        assertThat(array.get(0).get("device").asText()).isEqualTo("kiosk");
        assertThat(array.get(0).get("ok").asBoolean()).isFalse();
        assertThat(array.get(0).get("detail").asText()).contains(noPages.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unexpectedArgumentsAreUsageErrors() {
        assertThat(selftest("now")).isEqualTo(2);
        assertThat(kiosk.err()).contains("unexpected argument 'now'");
    }
}
