package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kiosk selftest} against the real drivers and the simulators on pseudo-terminals. */
class SelftestCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path data;

    private int selftest(String... extra) {
        List<String> args = new ArrayList<>(List.of("selftest", "--set", "kiosk.data=" + data));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everySimulatedDeviceIsOkAndTheExitCodeIsZero() throws Exception {
        assertThat(selftest("--json")).isZero();
        JsonNode array = json();
        assertThat(array.isArray()).isTrue();
        assertThat(array.findValuesAsText("device")).containsExactly("idcard", "camera", "printer");
        for (JsonNode device : array) {
            assertThat(device.get("ok").asBoolean()).as(device.toString()).isTrue();
            assertThat(device.get("detail").asText()).isNotBlank();
            assertThat(device.size()).isEqualTo(3);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    }

    @Test
    void aPrinterPortThatDoesNotExistIsOneFailedEntryWithAPlainDetail() throws Exception {
        Path missing = data.resolve("no-such-printer");
        assertThat(selftest("--json", "--set", "printer.port=" + missing)).isEqualTo(1);
        JsonNode array = json();
        assertThat(array.findValuesAsText("device")).containsExactly("idcard", "camera", "printer");
        JsonNode printer = array.get(2);
        assertThat(printer.get("ok").asBoolean()).isFalse();
        assertThat(printer.get("detail").asText()).contains(missing.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(array.get(0).get("ok").asBoolean()).isTrue();
        assertThat(array.get(1).get("ok").asBoolean()).isTrue();
    }

    @Test
    void withoutJsonItPrintsOneLinePerDeviceForATechnician() {
        assertThat(selftest()).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("idcard").contains(" ok ");
        assertThat(lines[1]).startsWith("camera").contains(" ok ");
        assertThat(lines[2]).startsWith("printer").contains(" ok ");
    }

    @Test
    void aKioskThatCannotBeSetUpIsOneFailedEntryNotAStackTrace() throws Exception {
        Path noPages = Files.createDirectories(data.resolve("camera-without-pages"));
        assertThat(selftest("--json", "--set", "camera.sim-dir=" + noPages)).isEqualTo(1);
        JsonNode array = json();
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("device").asText()).isEqualTo("kiosk");
        assertThat(array.get(0).get("ok").asBoolean()).isFalse();
        assertThat(array.get(0).get("detail").asText()).contains(noPages.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unexpectedArgumentsAreUsageErrors() {
        assertThat(selftest("now")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument 'now'");
    }
}
