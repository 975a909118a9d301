package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
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

/** Heartbeat history, fleet health and alerts, the fleet JSON and page, over HTTP against a real centre. */
class FleetTest {

    private static final String PASSWORD = "correct horse battery";
    static final Instant START = Instant.parse("2026-11-26T02:00:00Z");

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(START);
    private CentreServer centre;
    private String k1;
    private String k2;
    private String staff;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, clock,
                FleetSettings.defaults().withZone(ZoneId.of("Asia/Shanghai")));
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        k1 = KioskProtocolTest.enrol(centre, http, "K0001");
        k2 = KioskProtocolTest.enrol(centre, http, "K0002");
        centre.issueEnrolmentCode("K0003"); // a code, not yet used: not enrolled
        KioskProtocolTest.enrol(centre, http, "K0004"); // enrolled, never sends a heartbeat
        staff = login();
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    static Map<String, String> healthyDevices() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("idcard", "up: SAM ready on /dev/pts/3");
        d.put("printer", "up: online, paper ok");
        d.put("camera", "up: 1920x1080");
        d.put("@paper", "ok");
        d.put("@disk-free-mb", "48213");
        d.put("@version", "0.1.0");
        return d;
    }

    private HttpResponse<String> beat(String token, Heartbeat beat) throws Exception {
        return send("POST", "/api/v1/heartbeat", token, json.writeValueAsString(beat));
    }

    private Heartbeat healthy(int pending) {
        return new Heartbeat(null, pending, 7, clock.instant().minusSeconds(30), null, healthyDevices(), clock.instant());
    }

    @Test
    void everyHeartbeatIsKeptAndTheFleetShowsEachKioskState() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(beat(k1, healthy(i)).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(5));
        }
        assertThat(beat(k2, healthy(0)).statusCode()).isEqualTo(200);

        assertThat(centre.heartbeatCount()).isEqualTo(4);
        JsonNode fleet = json.readTree(send("GET", "/console/api/fleet", staff, null).body());
        assertThat(fleet.get("offlineAfterMinutes").asInt()).isEqualTo(15);
        assertThat(fleet.get("kiosks")).extracting(k -> k.get("kioskId").asText()).containsExactly("K0001", "K0002", "K0004");
        JsonNode one = fleet.get("kiosks").get(0);
        assertThat(one.get("state").asText()).isEqualTo("online");
        assertThat(one.get("health").asText()).isEqualTo("ok");
        assertThat(one.get("pending").asInt()).isEqualTo(2);
        assertThat(one.get("paper").asText()).isEqualTo("ok");
        assertThat(one.get("diskFreeMb").asLong()).isEqualTo(48213);
        assertThat(one.get("version").asText()).isEqualTo("0.1.0");
        assertThat(one.get("devices").get("printer").asText()).isEqualTo("up: online, paper ok");
        assertThat(one.get("devices").has("@paper")).isFalse();
        assertThat(fleet.get("kiosks").get(2).get("state").asText()).isEqualTo("never-seen");
        assertThat(fleet.get("alerts")).hasSize(1);
        assertThat(fleet.at("/alerts/0/kioskId").asText()).isEqualTo("K0004");
        assertThat(fleet.at("/alerts/0/kind").asText()).isEqualTo("never-seen");

        JsonNode history = json.readTree(send("GET", "/console/api/fleet/K0001", staff, null).body());
        assertThat(history.get("heartbeats")).hasSize(3);
        assertThat(history.get("heartbeats").findValuesAsText("pending")).containsExactly("2", "1", "0");
        assertThat(history.at("/heartbeats/0/receivedAt").asText()).isEqualTo(START.plus(Duration.ofMinutes(10)).toString());
        assertThat(history.at("/heartbeats/0/devices/idcard").asText()).startsWith("up:");
        assertThat(send("GET", "/console/api/fleet/K0099", staff, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aKioskWithoutHeartbeatPastTheThresholdIsOfflineWithACriticalAlert() throws Exception {
        beat(k1, healthy(0));
        clock.advance(Duration.ofMinutes(15));
        JsonNode stillOnline = json.readTree(send("GET", "/console/api/fleet", staff, null).body());
        assertThat(stillOnline.at("/kiosks/0/state").asText()).isEqualTo("online");

        clock.advance(Duration.ofMinutes(8));

        JsonNode fleet = json.readTree(send("GET", "/console/api/fleet", staff, null).body());
        assertThat(fleet.at("/kiosks/0/state").asText()).isEqualTo("offline");
        assertThat(fleet.at("/kiosks/0/health").asText()).isEqualTo("critical");
        JsonNode alert = fleet.get("alerts").get(0);
        assertThat(alert.get("kioskId").asText()).isEqualTo("K0001");
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("kind").asText()).isEqualTo("offline");
        assertThat(alert.get("text").asText()).isEqualTo("已离线 23 分钟（最后心跳 11-26 10:00）");

        beat(k1, healthy(0)); // back
        assertThat(json.readTree(send("GET", "/console/api/fleet", staff, null).body()).at("/kiosks/0/state").asText())
                .isEqualTo("online");
    }

    @Test
    void failingDevicePaperOutSyncErrorLowDiskAndBacklogRaiseAlerts() throws Exception {
        Map<String, String> devices = healthyDevices();
        devices.put("printer", "down: printer reports paper end");
        devices.put("@paper", "out");
        devices.put("@disk-free-mb", "600");
        beat(k1, new Heartbeat(null, 25, 3, START.minus(Duration.ofHours(3)), "sending K0001-1: centre unavailable",
                devices, START));
        Map<String, String> low = healthyDevices();
        low.put("@paper", "low");
        beat(k2, new Heartbeat(null, 0, 3, START, null, low, START));

        JsonNode fleet = json.readTree(send("GET", "/console/api/fleet", staff, null).body());

        JsonNode k1Alerts = fleet.at("/kiosks/0/alerts");
        assertThat(fleet.at("/kiosks/0/state").asText()).isEqualTo("online");
        assertThat(fleet.at("/kiosks/0/health").asText()).isEqualTo("critical");
        assertThat(k1Alerts.findValuesAsText("kind")).containsExactly("device", "paper", "sync", "disk", "queue");
        assertThat(k1Alerts.findValuesAsText("severity"))
                .containsExactly("critical", "critical", "warning", "warning", "warning");
        assertThat(k1Alerts.get(0).get("text").asText()).isEqualTo("凭条打印机故障：down: printer reports paper end");
        assertThat(k1Alerts.get(1).get("text").asText()).isEqualTo("打印纸已用完，无法打印回执");
        assertThat(k1Alerts.get(2).get("text").asText()).isEqualTo("与中心同步出错：sending K0001-1: centre unavailable");
        assertThat(k1Alerts.get(3).get("text").asText()).isEqualTo("磁盘剩余空间不足：仅剩 600 MB");
        assertThat(k1Alerts.get(4).get("text").asText()).isEqualTo("25 件申请积压待发送，最后一次成功同步于 11-26 07:00");
        assertThat(fleet.at("/kiosks/1/alerts").findValuesAsText("text")).containsExactly("打印纸将尽，请及时补充");
        assertThat(fleet.at("/kiosks/1/health").asText()).isEqualTo("warning");
        // all alerts of the fleet, most severe first
        assertThat(fleet.get("alerts").findValuesAsText("severity"))
                .containsExactly("critical", "critical", "warning", "warning", "warning", "warning", "warning");
    }

    @Test
    void malformedHeartbeatsAreRefusedWith400AndAnErrorNeverStored() throws Exception {
        Map<String, String> badBodies = new LinkedHashMap<>();
        badBodies.put("{\"pending\": -1}", "pending");
        badBodies.put("{\"acknowledged\": -5}", "acknowledged");
        badBodies.put("{\"pending\": \"many\"}", "malformed");
        badBodies.put("{\"devices\": [\"printer\"]}", "malformed");
        badBodies.put("{\"devices\": {\"printer\": {\"state\": \"up\"}}}", "malformed");
        badBodies.put("{\"devices\": {\"@paper\": \"plenty\"}}", "@paper");
        badBodies.put("{\"devices\": {\"@disk-free-mb\": \"lots\"}}", "@disk-free-mb");
        badBodies.put("{\"devices\": {\"<img src=x>\": \"up\"}}", "device name");
        badBodies.put("{\"devices\": {\"printer\": \"" + "x".repeat(501) + "\"}}", "longer than 500");
        badBodies.put("{\"devices\": {\"@version\": \"" + "9".repeat(65) + "\"}}", "@version");
        badBodies.put("{\"at\": \"yesterday\"}", "malformed");
        badBodies.put("null", "no heartbeat");
        badBodies.put("[1, 2]", "malformed");
        StringBuilder many = new StringBuilder("{\"devices\": {");
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ",").append("\"d").append(i).append("\": \"up\"");
        }
        badBodies.put(many.append("}}").toString(), "at most 32 devices");

        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            HttpResponse<String> r = send("POST", "/api/v1/heartbeat", k1, bad.getKey());
            assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("error").asText()).as(bad.getKey()).contains(bad.getValue());
        }
        assertThat(centre.heartbeatCount()).isZero();
        assertThat(send("POST", "/api/v1/heartbeat", null, "{}").statusCode()).isEqualTo(401);
        // a very long sync error is kept shortened rather than losing the heartbeat
        HttpResponse<String> longError = beat(k1, new Heartbeat(null, 1, 0, null, "e".repeat(5000), Map.of(), START));
        assertThat(longError.statusCode()).isEqualTo(200);
        JsonNode kiosk = json.readTree(send("GET", "/console/api/fleet/K0001", staff, null).body());
        assertThat(kiosk.get("lastError").asText()).hasSize(1001).endsWith("e…");
    }

    @Test
    void heartbeatsOlderThanTheRetentionArePruned() throws Exception {
        beat(k1, healthy(1));
        beat(k2, healthy(1));
        clock.advance(Duration.ofDays(29));
        beat(k1, healthy(2));
        assertThat(centre.heartbeatCount()).isEqualTo(3);

        clock.advance(Duration.ofDays(2)); // the first two are now 31 days old

        beat(k1, healthy(3));
        assertThat(centre.heartbeatCount()).isEqualTo(2);
        staff = login(); // the session of 31 days ago has expired
        JsonNode week = json.readTree(send("GET", "/console/api/fleet/K0001?window=7d", staff, null).body());
        assertThat(week.get("heartbeats").findValuesAsText("pending")).containsExactly("3", "2");
    }

    @Test
    void theChartSumsQueueDepthAndCountsAvailableKiosksPerBucket() throws Exception {
        // 10:00-10:30 Shanghai: both kiosks healthy, queues 2 and 3; 10:30-11:00: K0002's printer down, K0001 silent
        beat(k1, healthy(2));
        beat(k2, healthy(3));
        clock.advance(Duration.ofMinutes(35));
        Map<String, String> down = healthyDevices();
        down.put("printer", "down: no answer");
        beat(k2, new Heartbeat(null, 4, 0, clock.instant(), null, down, clock.instant()));

        JsonNode chart = json.readTree(send("GET", "/console/api/fleet?window=24h", staff, null).body()).get("chart");

        assertThat(chart.get("bucketMinutes").asInt()).isEqualTo(30);
        assertThat(chart.get("kiosks").asInt()).isEqualTo(3);
        JsonNode points = chart.get("points");
        assertThat(points).hasSize(48);
        JsonNode before = points.get(46);
        JsonNode last = points.get(47);
        assertThat(before.get("from").asText()).isEqualTo("2026-11-26T02:00:00Z");
        assertThat(before.get("queue").asInt()).isEqualTo(5);
        assertThat(before.get("reporting").asInt()).isEqualTo(2);
        assertThat(before.get("availability").asDouble()).isEqualTo(2.0 / 3);
        assertThat(last.get("queue").asInt()).isEqualTo(4);
        assertThat(last.get("availability").asDouble()).isZero();
        assertThat(points.get(0).get("queue").isNull()).isTrue();
        JsonNode one = json.readTree(send("GET", "/console/api/fleet/K0001?window=24h", staff, null).body()).get("chart");
        assertThat(one.get("kiosks").asInt()).isEqualTo(1);
        assertThat(one.at("/points/46/availability").asDouble()).isEqualTo(1.0);
        assertThat(send("GET", "/console/api/fleet?window=1y", staff, null).statusCode()).isEqualTo(400);
    }

    @Test
    void theFleetIsForSignedInStaffOnlyAndThePageEscapesWhatKiosksSend() throws Exception {
        assertThat(send("GET", "/console/api/fleet", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/console/fleet", null, null).body()).contains("name=password").doesNotContain("K0001");
        Map<String, String> devices = healthyDevices();
        devices.put("printer", "down: <img src=x onerror=alert(1)>");
        devices.put("@version", "<b>9</b>");
        beat(k1, new Heartbeat(null, 1, 0, null, "<script>alert('x')</script>", devices, START));
        beat(k1, new Heartbeat(null, 1, 0, null, "<script>alert('x')</script>", devices, START));

        for (String page : new String[] {"/console/fleet", "/console/fleet/K0001", "/console/fleet?window=7d"}) {
            HttpResponse<String> r = send("GET", page, staff, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page)
                    .contains("K0001", "<svg", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
                            "&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;9&lt;/b&gt;")
                    .doesNotContain("<script", "<img", "<b>9");
        }
    }

    private String login() throws Exception {
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                json.writeValueAsString(Map.of("username", "viewer", "password", PASSWORD)));
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
