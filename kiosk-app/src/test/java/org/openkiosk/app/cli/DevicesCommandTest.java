package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.io.serial.VirtualSerialPair;

/** {@code ./kiosk devices}: what this machine offers, with the configured roles, including a pty link jSerialComm never lists. */
class DevicesCommandTest {
    private final CliRun kiosk = CliRun.keepingOutput();

    @TempDir
    Path dir;

    @Test
    void jsonListsTheConfiguredPtyReaderAsPresentAndAMissingPrinterAsAbsent() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.create(dir, "reader")) {
            Path printer = dir.resolve("no-printer");
            assertThat(kiosk.run("devices", "--json", "--set", "kiosk.data=" + dir, "--set", "idcard.port=" + pair.driverEnd(),
                    "--set", "printer.port=" + printer)).isZero();
            JsonNode inv = new ObjectMapper().readTree(kiosk.out());
            assertThat(inv.fieldNames()).toIterable().containsExactly("serialPorts", "pcscReaders", "pcscProblem",
                    "cameras", "printers");
            JsonNode reader = find(inv.get("serialPorts"), "path", pair.driverEnd().toString());
            assertThat(reader.get("present").asBoolean()).isTrue();
            assertThat(reader.get("role").asText()).isEqualTo("idcard");
            JsonNode missing = find(inv.get("serialPorts"), "path", printer.toString());
            assertThat(missing.get("present").asBoolean()).isFalse();
            assertThat(missing.get("role").asText()).isEqualTo("printer");
            assertThat(find(inv.get("printers"), "kind", "receipt").get("present").asBoolean()).isFalse();
            assertThat(find(inv.get("cameras"), "source", "sim").get("role").asText()).isEqualTo("camera");
            assertThat(inv.get("pcscReaders").isArray()).isTrue();
        }
    }

    @Test
    void plainOutputHasOneSectionPerKind() {
        assertThat(kiosk.run("devices", "--set", "kiosk.data=" + dir)).isZero();
        assertThat(kiosk.out()).contains("serial ports:", "PC/SC readers:", "cameras:", "printers:");
        assertThat(kiosk.run("devices", "extra")).isEqualTo(2);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
