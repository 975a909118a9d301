package org.openkiosk.centre.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.openkiosk.centre.db.HeartbeatRepository;
import org.openkiosk.centre.db.KioskRepository;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet of kiosks as the centre sees it: every heartbeat is checked, kept in the history and old ones
 * pruned; each enrolled kiosk's state and alerts are derived from its latest heartbeat and the clock; the
 * history is summed into a chart of queue depth and availability over time.
 */
public final class FleetHealth {

    private static final Logger LOG = LoggerFactory.getLogger(FleetHealth.class);
    /** Pruning runs at most this often (per centre instance), on the heartbeat that finds it due. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** At most this many heartbeats are listed for one kiosk. */
    public static final int HISTORY_LIMIT = 500;
    private static final Map<String, String> DEVICE_NAMES = Map.of(
            "idcard", "身份证阅读器", "printer", "凭条打印机", "camera", "高拍仪", "sscard", "社保卡读卡器");

    private final KioskRepository kiosks;
    private final HeartbeatRepository heartbeats;
    private final FleetSettings settings;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final AtomicLong lastPrunedMs = new AtomicLong(Long.MIN_VALUE);

    /** Alerts about a kiosk that other parts of the centre raise (e-licence lookup volume). */
    private final java.util.function.Function<String, List<FleetAlert>> moreAlerts;

    public FleetHealth(KioskRepository kiosks, HeartbeatRepository heartbeats, FleetSettings settings, Clock clock) {
        this(kiosks, heartbeats, settings, clock, id -> List.of());
    }

    public FleetHealth(KioskRepository kiosks, HeartbeatRepository heartbeats, FleetSettings settings, Clock clock,
                       java.util.function.Function<String, List<FleetAlert>> moreAlerts) {
        this.moreAlerts = moreAlerts;
        this.kiosks = kiosks;
        this.heartbeats = heartbeats;
        this.settings = settings;
        this.clock = clock;
    }

    public FleetSettings settings() {
        return settings;
    }

    /** How far back a chart looks, and how wide its buckets are. */
    public enum Window {
        DAY("24h", Duration.ofHours(24), Duration.ofMinutes(30)),
        WEEK("7d", Duration.ofDays(7), Duration.ofHours(2));

        public final String wire;
        public final Duration length;
        public final Duration bucket;

        Window(String wire, Duration length, Duration bucket) {
            this.wire = wire;
            this.length = length;
            this.bucket = bucket;
        }

        /** {@code 24h} (also the default when null) or {@code 7d}. */
        public static Window parse(String s) {
            if (s == null || s.isBlank()) {
                return DAY;
            }
            for (Window w : values()) {
                if (w.wire.equals(s.strip())) {
                    return w;
                }
            }
            throw new IllegalArgumentException("window must be 24h or 7d, not '" + s + "'");
        }

        int buckets() {
            return (int) (length.toMillis() / bucket.toMillis());
        }
    }

    /**
     * One bucket of a chart.
     *
     * @param queue        applications waiting, summed over the kiosks that reported in the bucket (each its
     *                     highest figure there); null when none reported
     * @param availability share of the kiosks (0-1) that sent heartbeats in the bucket with no device down
     * @param reporting    how many kiosks sent heartbeats in the bucket
     */
    public record Point(Instant from, Integer queue, double availability, int reporting) {
    }

    /** Queue depth and availability over a window, for all kiosks ({@code kioskId} null) or one. */
    public record Chart(Window window, String kioskId, Instant from, Instant to, Duration bucket, int kiosks,
                        List<Point> points) {
    }

    /** The fleet now: every kiosk's health and all alerts, most severe first. */
    public record Snapshot(Instant at, Duration offlineAfter, List<KioskHealth> kiosks, List<FleetAlert> alerts) {
    }

    // ---------------------------------------------------------------- heartbeats in

    /**
     * Checks and keeps a heartbeat of an authenticated kiosk: a history row plus the kiosk's latest, both
     * stamped with the centre's clock. Heartbeats older than the retention are pruned now and then.
     *
     * @throws IllegalArgumentException when the heartbeat is not acceptable (see {@link HeartbeatReport#from})
     */
    public HeartbeatReport record(String kioskId, Heartbeat beat) {
        HeartbeatReport report = HeartbeatReport.from(beat);
        Instant now = clock.instant();
        String devicesJson;
        String latestJson;
        try {
            devicesJson = json.writeValueAsString(report.devices());
            latestJson = json.writeValueAsString(report.toHeartbeat(kioskId));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("heartbeat cannot be stored", e);
        }
        heartbeats.insert(new HeartbeatRepository.Row(0, kioskId, now,
                report.kioskTime() == null ? null : report.kioskTime().toString(), report.pending(),
                report.acknowledged(), report.lastSuccess() == null ? null : report.lastSuccess().toString(),
                report.lastError(), devicesJson, report.devicesDown().size(), report.paper(), report.diskFreeMb(),
                report.version()), latestJson);
        pruneIfDue(now);
        return report;
    }

    private void pruneIfDue(Instant now) {
        long last = lastPrunedMs.get();
        if (last != Long.MIN_VALUE && now.toEpochMilli() - last < PRUNE_EVERY.toMillis()) {
            return;
        }
        if (lastPrunedMs.compareAndSet(last, now.toEpochMilli())) {
            prune();
        }
    }

    /** Deletes heartbeats older than the retention; returns how many. */
    public int prune() {
        int deleted = heartbeats.deleteBefore(clock.instant().minus(settings.retention()));
        if (deleted > 0) {
            LOG.info("Deleted {} heartbeat(s) older than {} days", deleted, settings.retention().toDays());
        }
        return deleted;
    }

    // ---------------------------------------------------------------- health

    public Snapshot snapshot() {
        Instant now = clock.instant();
        List<KioskHealth> all = kiosks.all().stream().map(k -> health(k, now)).toList();
        List<FleetAlert> alerts = all.stream().flatMap(k -> k.alerts().stream())
                .sorted(Comparator.comparing(FleetAlert::severity)).toList();
        return new Snapshot(now, settings.offlineAfter(), all, alerts);
    }

    public Optional<KioskHealth> kiosk(String kioskId) {
        Instant now = clock.instant();
        return kiosks.all().stream().filter(k -> k.kioskId().equals(kioskId)).findFirst().map(k -> health(k, now));
    }

    KioskHealth health(KioskRepository.Enrolled k, Instant now) {
        List<FleetAlert> alerts = new ArrayList<>();
        String id = k.kioskId();
        HeartbeatReport latest = null;
        if (k.heartbeatJson() != null) {
            try {
                latest = HeartbeatReport.from(json.readValue(k.heartbeatJson(), Heartbeat.class));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("The stored heartbeat of kiosk {} cannot be read: {}", id, e.getMessage());
            }
        }
        KioskHealth.State state;
        if (k.lastSeenAt() == null) {
            state = KioskHealth.State.NEVER_SEEN;
            alerts.add(new FleetAlert(id, FleetAlert.Severity.WARNING, "never-seen",
                    "注册后尚未收到心跳（注册于 " + time(k.enrolledAt()) + "）"));
        } else if (Duration.between(k.lastSeenAt(), now).compareTo(settings.offlineAfter()) > 0) {
            state = KioskHealth.State.OFFLINE;
            alerts.add(new FleetAlert(id, FleetAlert.Severity.CRITICAL, "offline",
                    "已离线 " + ago(Duration.between(k.lastSeenAt(), now)) + "（最后心跳 " + time(k.lastSeenAt()) + "）"));
        } else {
            state = KioskHealth.State.ONLINE;
        }
        if (latest != null) {
            addAlerts(id, latest, k.lastSeenAt(), alerts);
        }
        alerts.addAll(moreAlerts.apply(id));
        alerts.sort(Comparator.comparing(FleetAlert::severity));
        return new KioskHealth(id, state, k.enrolledAt(), k.lastSeenAt(), latest, List.copyOf(alerts));
    }

    private void addAlerts(String id, HeartbeatReport beat, Instant seen, List<FleetAlert> alerts) {
        beat.devicesDown().forEach((device, status) -> alerts.add(new FleetAlert(id, FleetAlert.Severity.CRITICAL,
                "device", deviceName(device) + "故障：" + status)));
        switch (beat.paper()) {
            case "out" -> alerts.add(new FleetAlert(id, FleetAlert.Severity.CRITICAL, "paper", "打印纸已用完，无法打印回执"));
            case "low" -> alerts.add(new FleetAlert(id, FleetAlert.Severity.WARNING, "paper", "打印纸将尽，请及时补充"));
            default -> { }
        }
        if (beat.untrustedContent() != null) {
            alerts.add(untrustedContent(id, beat.untrustedContent()));
        }
        if (beat.lastError() != null && !beat.lastError().isBlank()) {
            alerts.add(new FleetAlert(id, FleetAlert.Severity.WARNING, "sync", "与中心同步出错：" + beat.lastError()));
        }
        deadLetterAlert(id, beat, alerts);
        if (beat.diskFreeMb() != null && beat.diskFreeMb() < settings.lowDiskMb()) {
            alerts.add(new FleetAlert(id, beat.diskFreeMb() < settings.lowDiskMb() / 4 ? FleetAlert.Severity.CRITICAL
                    : FleetAlert.Severity.WARNING, "disk", "磁盘剩余空间不足：仅剩 " + beat.diskFreeMb() + " MB"));
        }
        // measured on the kiosk's own clock when it sent one, so a kiosk clock that is off does not matter
        Instant reference = beat.kioskTime() != null ? beat.kioskTime() : seen;
        boolean stale = beat.pending() > 0 && reference != null && (beat.lastSuccess() == null
                || Duration.between(beat.lastSuccess(), reference).compareTo(settings.syncStaleAfter()) > 0);
        if (beat.pending() >= settings.queueBacklog() || stale) {
            alerts.add(new FleetAlert(id, FleetAlert.Severity.WARNING, "queue", beat.pending() + " 件申请积压待发送"
                    + (beat.lastSuccess() == null ? "，从未成功同步"
                    : "，最后一次成功同步于 " + time(beat.lastSuccess()))));
        }
    }

    /**
     * Applications this centre refused for good that wait on the kiosk as dead letters: a technician must look
     * (re-send after a fix, or export), else the residents' applications never arrive.
     */
    private static void deadLetterAlert(String id, HeartbeatReport beat, List<FleetAlert> alerts) {
        if (beat.deadLetters() > 0) {
            alerts.add(new FleetAlert(id, FleetAlert.Severity.WARNING, "dead-letter", beat.deadLetters()
                    + " 件申请被中心拒收，滞留在终端上，需技术人员处理（修复后重新发送或导出）"));
        }
    }

    /**
     * The kiosk refused a catalogue or result document whose signature did not verify with the centre's key: someone
     * on the network changed or made it up, or the kiosk must be enrolled again to learn the key.
     */
    static FleetAlert untrustedContent(String kioskId, String what) {
        return new FleetAlert(kioskId, FleetAlert.Severity.CRITICAL, "untrusted-content",
                "终端拒收了签名无效的中心下发内容（可能遭中间人篡改，请检查网络链路或重新注册终端）：" + what);
    }

    /** The console's name of a device ("printer" is 凭条打印机). */
    public static String deviceName(String device) {
        return DEVICE_NAMES.getOrDefault(device, device);
    }

    private String time(Instant t) {
        return DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(settings.zone()).format(t);
    }

    static String ago(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " 分钟";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " 小时";
        }
        return d.toDays() + " 天";
    }

    // ---------------------------------------------------------------- history

    /** A kiosk's heartbeats within the window, newest first (at most {@link #HISTORY_LIMIT}). */
    public List<HeartbeatRepository.Row> history(String kioskId, Window window) {
        Instant now = clock.instant();
        return heartbeats.forKiosk(kioskId, now.minus(window.length), now.plusMillis(1), HISTORY_LIMIT);
    }

    /**
     * Queue depth and availability over the window in buckets aligned to the bucket width, the last one
     * holding now; for every kiosk ({@code kioskId} null) or one.
     */
    public Chart chart(Window window, String kioskId) {
        long bucketMs = window.bucket.toMillis();
        long nowMs = clock.millis();
        long end = Math.floorDiv(nowMs, bucketMs) * bucketMs + bucketMs;
        int n = window.buckets();
        Instant from = Instant.ofEpochMilli(end - bucketMs * n);
        int fleet = kioskId == null ? kiosks.all().size() : 1;
        Map<Integer, int[]> perBucket = new HashMap<>(); // bucket -> {queue, available, reporting}
        for (HeartbeatRepository.Bucket b : heartbeats.buckets(from, bucketMs, n, kioskId)) {
            int[] acc = perBucket.computeIfAbsent(b.bucket(), x -> new int[3]);
            acc[0] += b.maxPending();
            acc[1] += b.maxDevicesDown() == 0 ? 1 : 0;
            acc[2]++;
        }
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] acc = perBucket.get(i);
            Instant at = from.plusMillis(bucketMs * i);
            points.add(acc == null ? new Point(at, null, 0, 0)
                    : new Point(at, acc[0], fleet == 0 ? 0 : Math.min(1.0, acc[1] / (double) fleet), acc[2]));
        }
        return new Chart(window, kioskId, from, Instant.ofEpochMilli(end), window.bucket, fleet, points);
    }

    /** A kiosk's heartbeat devices map from its stored JSON (empty when unreadable). */
    public Map<String, String> devices(HeartbeatRepository.Row row) {
        try {
            Map<String, String> m = json.readValue(row.devicesJson(),
                    json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
