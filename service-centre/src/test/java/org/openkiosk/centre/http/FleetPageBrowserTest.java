package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.Json;

/**
 * The fleet page in a real browser: Debian's headless Chromium signs in through the console's login form
 * (so it holds the session cookie as staff would), opens the fleet page of a centre whose kiosks sent a
 * day of heartbeats, and the rendered DOM is checked; the screenshot is kept in
 * {@code target/screenshots/fleet.png}.
 */
class FleetPageBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INJECTED = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private CentreServer centre;

    @BeforeEach
    void start() {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, clock,
                FleetSettings.defaults().withZone(ZoneId.of("Asia/Shanghai")));
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    /** A day of heartbeats every 10 minutes: K0001 healthy and busy at noon, K0002 goes silent, K0003's printer fails. */
    private void aDayOfHeartbeats() throws Exception {
        String k1 = KioskProtocolTest.enrol(centre, http, "K0001");
        String k2 = KioskProtocolTest.enrol(centre, http, "K0002");
        String k3 = KioskProtocolTest.enrol(centre, http, "K0003");
        KioskProtocolTest.enrol(centre, http, "K0004");
        for (int i = 0; i < 144; i++) {
            Instant now = clock.instant();
            int hour = now.atZone(ZoneId.of("Asia/Shanghai")).getHour();
            int busy = hour >= 9 && hour < 17 ? 3 + (hour - 9) % 4 : 0;
            beat(k1, new Heartbeat(null, busy, 40 + i, now.minusSeconds(20), null,
                    devices("up: online, paper ok", "ok", 52_000), now));
            if (i < 132) {
                beat(k2, new Heartbeat(null, busy / 2, 10 + i, now.minusSeconds(20), null,
                        devices("up: online, paper near end", "low", 31_000), now));
            }
            boolean printerDown = i >= 120;
            beat(k3, new Heartbeat(null, printerDown ? 6 + (i - 120) / 4 : busy / 3, 5 + i,
                    now.minus(Duration.ofMinutes(printerDown ? 90 : 1)), printerDown ? INJECTED : null,
                    devices(printerDown ? "down: printer reports paper end" : "up: online, paper ok",
                            printerDown ? "out" : "ok", 800), now));
            clock.advance(Duration.ofMinutes(10));
        }
    }

    private static Map<String, String> devices(String printer, String paper, long diskMb) {
        return Map.of("idcard", "up: SAM ready", "printer", printer, "camera", "up: 1920x1080",
                "@paper", paper, "@disk-free-mb", String.valueOf(diskMb), "@version", "0.1.0");
    }

    private void beat(String token, Heartbeat beat) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/heartbeat"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(beat))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void fleetPageRendersKiosksAlertsAndChartInChromiumWithKioskTextEscaped() throws Exception {
        aDayOfHeartbeats();

        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            browser.navigate(centre.baseUrl() + "/console/fleet");
            assertThat(browser.evaluate("document.querySelector('input[name=password]') !== null").asBoolean()).isTrue();
            browser.evaluateAndWaitForLoad("document.querySelector('input[name=username]').value='viewer';"
                    + "document.querySelector('input[name=password]').value='" + PASSWORD + "';"
                    + "document.querySelector('form').submit()");
            browser.navigate(centre.baseUrl() + "/console/fleet");

            JsonNode kiosks = browser.evaluate("[...document.querySelectorAll('tr[data-kiosk]')].map(r => r.dataset.kiosk)");
            assertThat(kiosks).extracting(JsonNode::asText).containsExactly("K0001", "K0002", "K0003", "K0004");
            String alerts = browser.evaluate("document.querySelector('table.alerts').innerText").asText();
            assertThat(alerts).contains("K0002", "已离线", "K0003", "凭条打印机故障", "打印纸已用完", "K0004", "尚未收到心跳");
            String k3Row = browser.evaluate("document.querySelector('tr[data-kiosk=K0003]').innerText").asText();
            assertThat(k3Row).contains("在线", "用完", "800 MB");
            // the chart: drawn, with queue bars and the availability line, and laid out at its size
            assertThat(browser.evaluate("document.querySelectorAll('svg.chart').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.querySelectorAll('svg.chart rect.queue').length").asInt()).isGreaterThan(10);
            assertThat(browser.evaluate("document.querySelector('svg.chart polyline.availability')"
                    + ".getAttribute('points').split(' ').length").asInt()).isEqualTo(47);
            assertThat(browser.evaluate("Math.round(document.querySelector('svg.chart').getBoundingClientRect().width)")
                    .asInt()).isGreaterThan(900);
            // what the kiosk sent is shown as text, never run: no script, no image, the title untouched
            assertThat(browser.evaluate("document.scripts.length").asInt()).isZero();
            assertThat(browser.evaluate("document.images.length").asInt()).isZero();
            assertThat(browser.evaluate("document.title").asText()).isEqualTo("终端监控 · 政务服务中心");
            assertThat(browser.evaluate("document.body.innerText.includes(" + json.writeValueAsString(INJECTED) + ")")
                    .asBoolean()).isTrue();

            Path shot = SCREENSHOTS.resolve("fleet.png");
            browser.screenshot(shot);
            BufferedImage image = ImageIO.read(shot.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isGreaterThan(900);

            browser.navigate(centre.baseUrl() + "/console/fleet/K0003");
            assertThat(browser.evaluate("document.querySelectorAll('svg.chart').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.scripts.length").asInt()).isZero();
            browser.screenshot(SCREENSHOTS.resolve("fleet-kiosk.png"));
        }
        assertThat(Files.size(SCREENSHOTS.resolve("fleet.png"))).isGreaterThan(10_000);
    }
}
