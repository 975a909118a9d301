package org.openkiosk.centre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openkiosk.sync.api.Heartbeat;

/** How a heartbeat is taken apart and which device states count as down. */
class HeartbeatReportTest {

    @Test
    void deviceStatesSayingDownErrorFailedOrFaultAreDown() {
        assertThat(HeartbeatReport.isDown("down: paper end")).isTrue();
        assertThat(HeartbeatReport.isDown("DOWN")).isTrue();
        assertThat(HeartbeatReport.isDown("fault jam")).isTrue();
        assertThat(HeartbeatReport.isDown("error: no answer")).isTrue();
        assertThat(HeartbeatReport.isDown("up: online, paper ok")).isFalse();
        assertThat(HeartbeatReport.isDown("READY")).isFalse();
        assertThat(HeartbeatReport.isDown("unknown: not checked yet")).isFalse();
        assertThat(HeartbeatReport.isDown("")).isFalse();
        assertThat(HeartbeatReport.isDown(null)).isFalse();
    }

    @Test
    void theKiosksOwnFiguresAreTakenOutOfTheDevicesMap() {
        Map<String, String> devices = new LinkedHashMap<>();
        devices.put("printer", "down: paper end");
        devices.put("idcard", "up: ready");
        devices.put("@paper", "OUT");
        devices.put("@disk-free-mb", "-1");
        devices.put("@version", " 0.1.0 ");
        devices.put("@future-figure", "ignored");
        Instant at = Instant.parse("2026-11-26T02:00:00Z");

        HeartbeatReport r = HeartbeatReport.from(new Heartbeat(null, 2, 5, at, null, devices, at));

        assertThat(r.devices()).containsExactly(Map.entry("printer", "down: paper end"), Map.entry("idcard", "up: ready"));
        assertThat(r.devicesDown()).containsOnlyKeys("printer");
        assertThat(r.paper()).isEqualTo("out");
        assertThat(r.diskFreeMb()).isNull(); // the kiosk could not tell
        assertThat(r.version()).isEqualTo("0.1.0");
        assertThat(r.toHeartbeat("K0001").devices()).containsEntry("@paper", "out").doesNotContainKey("@disk-free-mb");
        assertThat(HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null, null, null)).paper()).isEqualTo("unknown");
    }

    @Test
    void aRefusedCatalogueOrResultIsKeptWithTheLatestHeartbeatAndRaisesACriticalAlert() {
        Instant at = Instant.parse("2026-12-03T02:00:00Z");
        HeartbeatReport r = HeartbeatReport.from(new Heartbeat(null, 0, 1, at, null,
                Map.of("@untrusted-content", "catalogue version 2: signature does not verify (2026-12-03T01:59:00Z)"), at));

        assertThat(r.untrustedContent()).startsWith("catalogue version 2");
        assertThat(r.devices()).isEmpty();
        assertThat(HeartbeatReport.from(r.toHeartbeat("K0001")).untrustedContent()).isEqualTo(r.untrustedContent());
        FleetAlert alert = FleetHealth.untrustedContent("K0001", r.untrustedContent());
        assertThat(alert.severity()).isEqualTo(FleetAlert.Severity.CRITICAL);
        assertThat(alert.kind()).isEqualTo("untrusted-content");
        assertThat(alert.text()).contains("catalogue version 2");
        assertThat(HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null, Map.of(), null)).untrustedContent()).isNull();
    }

    @Test
    void refusesWhatAKioskWouldNeverSend() {
        assertThatThrownBy(() -> HeartbeatReport.from(new Heartbeat(null, -1, 0, null, null, Map.of(), null)))
                .hasMessageContaining("pending");
        assertThatThrownBy(() -> HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null,
                Map.of("printer\"><b>", "up"), null))).hasMessageContaining("device name");
    }

    @Test
    void theDeadLetterCountIsReadKeptAndBounded() {
        HeartbeatReport r = HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null, Map.of("@dead-letter", " 3 "),
                null));
        assertThat(r.deadLetters()).isEqualTo(3);
        assertThat(r.devices()).isEmpty();
        assertThat(HeartbeatReport.from(r.toHeartbeat("K0001")).deadLetters()).isEqualTo(3);
        assertThat(HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null, Map.of(), null)).deadLetters()).isZero();
        assertThatThrownBy(() -> HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null,
                Map.of("@dead-letter", "-1"), null))).hasMessageContaining("@dead-letter");
        assertThatThrownBy(() -> HeartbeatReport.from(new Heartbeat(null, 0, 0, null, null,
                Map.of("@dead-letter", "many"), null))).hasMessageContaining("@dead-letter");
    }

    @Test
    void offlineSpansReadAsMinutesHoursOrDays() {
        assertThat(FleetHealth.ago(Duration.ofMinutes(23))).isEqualTo("23 分钟");
        assertThat(FleetHealth.ago(Duration.ofMinutes(150))).isEqualTo("2 小时");
        assertThat(FleetHealth.ago(Duration.ofDays(3).plusHours(5))).isEqualTo("3 天");
    }
}
