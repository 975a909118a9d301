package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreHttp;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.HelpSocketClient;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;

/**
 * Remote help through a running centre over real WebSockets: a kiosk raises a request, a help-desk member takes it,
 * sees the kiosk's frames, sends a message and a pointer and ends it; each of those is in the audit log, and the fleet
 * counts the request. The help desk page runs in headless Chromium, live (screenshot in
 * {@code target/screenshots/help-desk.png}).
 */
class HelpDeskTest {
    private static final String PASSWORD = "correct horse battery";
    static final byte[] FRAME = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    static Path dataDir;
    private static CentreServer centre;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = Json.mapper();

    @BeforeAll
    static void start() {
        centre = CentreServer.start(dataDir, 0);
        centre.saveStaff("helper", PASSWORD.toCharArray(), EnumSet.of(Role.HELP_DESK));
        centre.saveStaff("auditor", PASSWORD.toCharArray(), EnumSet.of(Role.ADMIN));
    }

    @AfterAll
    static void stop() {
        centre.close();
    }

    static String login(CentreServer centre, String user) throws Exception {
        var r = CentreHttp.send(HTTP, centre, "POST", "/console/api/login", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }

    @Test
    void aTakenRequestRelaysFramesMessagesAndPointersAndEveryStaffActIsAudited() throws Exception {
        String kioskToken = KioskProtocolTest.enrol(centre, HTTP, "K0101");
        String staffToken = login(centre, "helper");
        try (HelpSocketClient staff = HelpSocketClient.open(centre, HelpResource.STAFF_SOCKET, staffToken);
             HelpSocketClient kiosk = HelpSocketClient.open(centre, Protocol.HELP, kioskToken)) {
            staff.awaitType("requests");
            kiosk.send("{\"type\":\"request\",\"place\":\"城关镇便民服务站\",\"step\":\"FORM\"}");
            String id = kiosk.awaitType("request").path("id").asText();
            JsonNode listed = staff.await(m -> m.path("requests").toString().contains(id), Duration.ofSeconds(10),
                    "the request listed");
            JsonNode row = listed.path("requests").get(0);
            assertThat(row.path("kioskId").asText()).isEqualTo("K0101");
            assertThat(row.path("place").asText()).isEqualTo("城关镇便民服务站");
            assertThat(row.path("step").asText()).isEqualTo("FORM");
            assertThat(JSON.readTree(CentreHttp.send(HTTP, centre, "GET", "/console/api/help", staffToken, null).body())
                    .path("requests").toString()).contains(id);

            kiosk.sendBinary(FRAME); // before the take: kept as the latest frame, shown at the take
            staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
            kiosk.awaitType("taken");
            staff.awaitType("taken");
            waitUntil(() -> staff.frames().size() == 1, "the latest frame at the take");
            kiosk.sendBinary("<html>not a frame</html>".getBytes());
            kiosk.sendBinary(FRAME);
            waitUntil(() -> staff.frames().size() == 2, "the second frame");
            assertThat(staff.frames().get(1)).isEqualTo(FRAME);

            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"请点下一步\"}");
            assertThat(kiosk.awaitType("message").path("text").asText()).isEqualTo("请点下一步");
            staff.send("{\"type\":\"pointer\",\"id\":\"" + id + "\",\"x\":0.9,\"y\":0.85}");
            JsonNode pointer = kiosk.awaitType("pointer");
            assertThat(pointer.path("x").asDouble()).isEqualTo(0.9);
            staff.send("{\"type\":\"pointer\",\"id\":\"" + id + "\",\"x\":7,\"y\":0.85}");
            assertThat(staff.awaitType("error").path("error").asText()).contains("between 0 and 1");

            staff.send("{\"type\":\"end\",\"id\":\"" + id + "\"}");
            assertThat(kiosk.awaitType("ended").path("by").asText()).isEqualTo("staff");
            assertThat(kiosk.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            staff.await(m -> "ended".equals(m.path("type").asText()), Duration.ofSeconds(10), "ended");

            var stored = centre.help().request(id).orElseThrow();
            assertThat(stored.takenBy()).isEqualTo("helper");
            assertThat(stored.endedBy()).isEqualTo("staff");
            assertThat(stored.frames()).isEqualTo(2);
            JsonNode audit = JSON.readTree(CentreHttp.send(HTTP, centre, "GET", "/console/api/audit",
                    login(centre, "auditor"), null).body());
            List<String> acts = audit.findValuesAsText("action");
            assertThat(acts).contains("help-take", "help-message", "help-pointer", "help-end");
            assertThat(audit.toString()).contains("请点下一步", "x=0.900 y=0.850");
        }
        JsonNode fleet = JSON.readTree(CentreHttp.send(HTTP, centre, "GET", "/console/api/fleet",
                login(centre, "helper"), null).body());
        assertThat(fleet.path("help").toString()).contains("\"kioskId\":\"K0101\"", "\"requests\":1", "\"taken\":1");
    }

    @Test
    void theHelpDeskPageListsRequestsLiveInChromiumAndShowsTheTakenKiosksScreen() throws Exception {
        String kioskToken = KioskProtocolTest.enrol(centre, HTTP, "K0102");
        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900);
             HelpSocketClient kiosk = HelpSocketClient.open(centre, Protocol.HELP, kioskToken)) {
            browser.navigate(centre.baseUrl() + "/console/help");
            browser.evaluateAndWaitForLoad("document.querySelector('input[name=username]').value='helper';"
                    + "document.querySelector('input[name=password]').value='" + PASSWORD + "';"
                    + "document.querySelector('form').submit()");
            browser.navigate(centre.baseUrl() + "/console/help");
            waitUntil(() -> eval(browser, "document.getElementById('state').textContent").equals("已连接"),
                    "the page's socket");
            // raised after the page was loaded: it appears without a reload
            kiosk.send("{\"type\":\"request\",\"place\":\"<img src=x onerror=\\\"document.title='pwned'\\\">村服务点\","
                    + "\"step\":\"CAPTURE\"}");
            String id = kiosk.awaitType("request").path("id").asText();
            waitUntil(() -> eval(browser, "String(document.querySelectorAll('tr[data-request=\"" + id + "\"]').length)")
                    .equals("1"), "the request on the page");
            String row = eval(browser, "document.querySelector('tr[data-request=\"" + id + "\"]').innerText");
            assertThat(row).contains("K0102", "<img src=x", "CAPTURE", "秒");
            browser.evaluate("document.querySelector('tr[data-request=\"" + id + "\"] button.take').click()");
            kiosk.awaitType("taken");
            kiosk.sendBinary(java.nio.file.Files.readAllBytes(sampleFrame()));
            waitUntil(() -> eval(browser, "String(document.getElementById('screen').naturalWidth > 0)").equals("true"),
                    "the kiosk's frame shown");
            browser.evaluate("document.getElementById('message').value='请把身份证放在读卡区';"
                    + "document.getElementById('send').click()");
            assertThat(kiosk.awaitType("message").path("text").asText()).isEqualTo("请把身份证放在读卡区");
            browser.screenshot(Path.of("target", "screenshots", "help-desk.png"));
            assertThat(eval(browser, "document.title")).isNotEqualTo("pwned");
            browser.evaluate("document.getElementById('end').click()");
            kiosk.awaitType("ended");
            waitUntil(() -> eval(browser, "document.getElementById('state').textContent").contains("帮助已结束"),
                    "the page to show the help ended");
        }
    }

    /** A JPEG made here (a plain picture), standing for a kiosk's frame. */
    private static Path sampleFrame() throws Exception {
        Path file = dataDir.resolve("frame.jpg");
        var img = new java.awt.image.BufferedImage(480, 270, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 480, 270);
        g.setColor(new java.awt.Color(0x1f5fbf));
        g.fillRect(330, 220, 130, 40);
        g.dispose();
        javax.imageio.ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    private static String eval(HeadlessChromium browser, String expression) {
        try {
            return browser.evaluate(expression).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
