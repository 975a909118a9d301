package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.diag.TechnicianPin;
import org.openkiosk.app.sync.KioskCredential;

/** {@code ./kiosk diag bundle}: a whole kiosk on simulators bundled, then the zip opened and searched for secrets. */
class DiagCommandTest {
    private static final String TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    private final CliRun kiosk = CliRun.keepingOutput();

    @TempDir
    Path dir;

    @Test
    void bundleHoldsDevicesSelftestQueueVersionsConfigAndLogsButNoSecret() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String pinHash = TechnicianPin.hash("246810".toCharArray());
        Path config = dir.resolve("kiosk.properties");
        Files.writeString(config, "kiosk.id=K0042\nkiosk.data=" + data + "\ncentre.url=embedded\n"
                + "technician.pin-hash=" + pinHash + "\n");
        new KioskCredential("K0042", "http://centre.example", TOKEN).save(data);
        Path logs = Files.createDirectories(data.resolve("logs"));
        // store.key is made by the store on first open; make it now so the log below can quote it the way a leak would
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Files.write(data.resolve("store.key"), key);
        Files.writeString(logs.resolve("kiosk.log"), String.join("\n",
                "INFO sync round started",
                "DEBUG request Authorization: Bearer " + TOKEN,
                "DEBUG token=" + TOKEN + " accepted",
                "WARN config technician.pin-hash=" + pinHash,
                "WARN key dump " + HexFormat.of().formatHex(key) + " / " + Base64.getEncoder().encodeToString(key),
                "INFO printer is back after 3 failed checks") + "\n");
        Path zip = dir.resolve("out/bundle.zip");

        assertThat(kiosk.run("diag", "bundle", "--out", zip.toString(), "--config", config.toString()))
                .as(kiosk.err()).isZero();
        assertThat(kiosk.out()).startsWith("wrote " + zip).contains("4 self-tests, 0 failed");

        Map<String, String> entries = unzip(zip);
        assertThat(entries).containsKeys("versions.json", "config.properties", "devices.json", "selftest.json",
                "health.json", "queue.json", "logs/kiosk.log", "logs/INDEX.txt");
        assertThat(entries.keySet()).noneMatch(n -> n.contains("store.key") || n.contains("credential"));
        ObjectMapper json = new ObjectMapper();
        JsonNode selftest = json.readTree(entries.get("selftest.json"));
        assertThat(selftest.findValuesAsText("device")).containsExactly("idcard", "camera", "ocr", "printer");
        assertThat(selftest.findValues("ok")).allMatch(JsonNode::asBoolean);
        JsonNode devices = json.readTree(entries.get("devices.json"));
        assertThat(devices.get("serialPorts").findValuesAsText("role")).contains("idcard", "printer");
        assertThat(devices.has("pcscReaders")).isTrue();
        assertThat(json.readTree(entries.get("queue.json")).get("pending").asInt()).isZero();
        assertThat(json.readTree(entries.get("versions.json")).get("kioskId").asText()).isEqualTo("K0042");
        assertThat(entries.get("config.properties")).contains("kiosk.id=K0042", "technician.pin-hash=<redacted>");
        assertThat(entries.get("logs/kiosk.log")).contains("sync round started", "printer is back", "Bearer <redacted>");

        List<String> secrets = List.of(TOKEN, pinHash, pinHash.split("\\$")[2], pinHash.split("\\$")[3],
                HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key), "246810");
        entries.forEach((name, text) -> {
            for (String secret : secrets) {
                assertThat(text).as("%s must not contain a secret", name).doesNotContain(secret);
            }
        });
    }

    @Test
    void bundleIsStillWrittenWhenTheKioskCannotBeSetUp() throws Exception {
        Path noPages = Files.createDirectories(dir.resolve("camera-without-pages"));
        Path zip = dir.resolve("b.zip");
        assertThat(kiosk.run("diag", "bundle", "--out", zip.toString(), "--set", "kiosk.data=" + dir.resolve("data"),
                "--set", "camera.sim-dir=" + noPages)).isZero();
        Map<String, String> entries = unzip(zip);
        assertThat(entries.get("selftest.json")).contains("\"kiosk\"", "cannot set up");
        assertThat(entries).containsKey("devices.json");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertThat(kiosk.run("diag")).isEqualTo(2);
        assertThat(kiosk.run("diag", "bundle")).isEqualTo(2);
        assertThat(kiosk.run("diag", "bundle", "--out", dir.resolve("x.txt").toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("--out").doesNotContain("Exception");
        assertThat(dir.resolve("x.txt")).doesNotExist();
    }

    static Map<String, String> unzip(Path zip) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
