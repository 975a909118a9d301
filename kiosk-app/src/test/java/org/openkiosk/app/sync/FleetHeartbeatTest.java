package org.openkiosk.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.diag.HeartbeatContent;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.health.DeviceSupervisor;
import org.openkiosk.sync.api.Json;

/**
 * Heartbeat round trip: the kiosk's own sync worker, with the heartbeat content the kiosk really sends (its
 * device supervisor, paper, free disk, version), against a real centre over HTTP; the centre keeps each
 * heartbeat and its fleet JSON shows the kiosk's state and alerts, offline once the centre's clock passes
 * the threshold.
 */
class FleetHeartbeatTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MovableClock centreClock = new MovableClock(Instant.parse("2026-11-26T02:00:00Z"));
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<DeviceStatus> printer =
            new AtomicReference<>(DeviceStatus.ok("printer", "online, paper ok"));
    private KioskStore store;
    private CentreServer centre;
    private DeviceSupervisor supervisor;
    private SyncWorker worker;
    private String token;

    @BeforeEach
    void open() throws Exception {
        store = KioskStore.open(kioskDir);
        centre = CentreServer.start(centreDir, "127.0.0.1", 0, centreClock, FleetSettings.defaults());
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        token = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code()).token();
        supervisor = new DeviceSupervisor(scheduler, DeviceSupervisor.Settings.DEFAULT, Clock.systemUTC());
        supervisor.watch("idcard", () -> DeviceStatus.ok("idcard", "SAM module ready"));
        supervisor.watch("printer", printer::get);
        supervisor.checkNow("idcard");
        supervisor.checkNow("printer");
        worker = new SyncWorker(store, new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5), token),
                scheduler, SyncWorker.Settings.defaults(), new HeartbeatContent(supervisor, kioskDir, "0.1.0"));
    }

    @AfterEach
    void close() throws InterruptedException {
        supervisor.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        centre.close();
        store.close();
    }

    @Test
    void heartbeatsOfTheSyncWorkerReachTheFleetWithDeviceAndPaperAlertsAndOfflineOnceSilent() throws Exception {
        store.applications().saveSubmitted(SampleApplications.application("K0001-20261126-0001"));

        assertThat(worker.syncOnce()).isEqualTo(1);

        assertThat(centre.heartbeatCount()).isEqualTo(1);
        String staff = login();
        JsonNode kiosk = fleet(staff).get("kiosks").get(0);
        assertThat(kiosk.get("kioskId").asText()).isEqualTo("K0001");
        assertThat(kiosk.get("state").asText()).isEqualTo("online");
        assertThat(kiosk.get("health").asText()).isEqualTo("ok");
        assertThat(kiosk.get("pending").asInt()).isZero();
        assertThat(kiosk.get("acknowledged").asInt()).isEqualTo(1);
        assertThat(kiosk.get("lastSuccess").isNull()).isFalse();
        assertThat(kiosk.get("paper").asText()).isEqualTo("ok");
        assertThat(kiosk.get("version").asText()).isEqualTo("0.1.0");
        assertThat(kiosk.get("diskFreeMb").asLong()).isPositive();
        assertThat(kiosk.get("devices").get("printer").asText()).isEqualTo("up: online, paper ok");
        assertThat(kiosk.get("devices").get("idcard").asText()).isEqualTo("up: SAM module ready");
        assertThat(kiosk.get("alerts")).isEmpty();

        // the printer runs out of paper: the supervisor sees it down, the next round's heartbeat says so
        printer.set(DeviceStatus.failed("printer", "offline, paper end"));
        supervisor.checkNow("printer");
        centreClock.advance(Duration.ofMinutes(5));
        worker.syncOnce();

        assertThat(centre.heartbeatCount()).isEqualTo(2);
        kiosk = fleet(staff).get("kiosks").get(0);
        assertThat(kiosk.get("state").asText()).isEqualTo("online");
        assertThat(kiosk.get("health").asText()).isEqualTo("critical");
        assertThat(kiosk.get("paper").asText()).isEqualTo("out");
        assertThat(kiosk.get("alerts").findValuesAsText("kind")).containsExactly("device", "paper");
        assertThat(kiosk.get("alerts").get(0).get("text").asText()).isEqualTo("凭条打印机故障：down: offline, paper end");
        JsonNode history = json.readTree(get("/console/api/fleet/K0001", staff).body()).get("heartbeats");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("paper").asText()).isEqualTo("out");
        assertThat(history.get(1).get("paper").asText()).isEqualTo("ok");

        // no heartbeat for longer than the threshold (15 min): offline
        centreClock.advance(Duration.ofMinutes(16));
        JsonNode silent = fleet(staff);
        assertThat(silent.at("/kiosks/0/state").asText()).isEqualTo("offline");
        assertThat(silent.get("alerts").get(0).get("kind").asText()).isEqualTo("offline");
        assertThat(silent.get("alerts").get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(silent.get("alerts").get(0).get("text").asText()).startsWith("已离线 16 分钟");
    }

    @Test
    void pacedHeartbeatsGoOncePerPeriodButADeviceChangeGoesAtTheNextRound() throws Exception {
        SyncWorker paced = new SyncWorker(store, new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5),
                token), scheduler,
                new SyncWorker.Settings(4096, SyncWorker.Settings.DEFAULT_RETENTION, null, Duration.ofHours(1)),
                new HeartbeatContent(supervisor, kioskDir, "0.1.0"));

        paced.syncOnce();
        paced.syncOnce();
        paced.syncOnce(); // free disk may differ between rounds: that alone is no news

        assertThat(centre.heartbeatCount()).isEqualTo(1);

        printer.set(DeviceStatus.failed("printer", "offline, paper end"));
        supervisor.checkNow("printer");
        paced.syncOnce();
        paced.syncOnce();

        assertThat(centre.heartbeatCount()).isEqualTo(2);
        JsonNode kiosk = fleet(login()).get("kiosks").get(0);
        assertThat(kiosk.get("paper").asText()).isEqualTo("out");
    }

    @Test
    void theKiosksClockDecidesWhenTheNextPacedHeartbeatGoes() throws Exception {
        MovableClock kioskClock = new MovableClock(Instant.parse("2026-11-26T02:00:00Z"));
        SyncWorker paced = new SyncWorker(store, new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5),
                token), scheduler,
                new SyncWorker.Settings(4096, SyncWorker.Settings.DEFAULT_RETENTION, null, Duration.ofHours(1)),
                new HeartbeatContent(supervisor, kioskDir, "0.1.0"), kioskClock);

        paced.syncOnce();
        kioskClock.advance(Duration.ofMinutes(59));
        paced.syncOnce();
        assertThat(centre.heartbeatCount()).isEqualTo(1);

        kioskClock.advance(Duration.ofMinutes(1));
        paced.syncOnce();
        assertThat(centre.heartbeatCount()).isEqualTo(2);
    }

    private JsonNode fleet(String staff) throws Exception {
        HttpResponse<String> r = get("/console/api/fleet", staff);
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> get(String path, String staff) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + path))
                .header("Authorization", "Bearer " + staff).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }
}
