package org.openkiosk.app.diag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.openkiosk.device.health.DeviceSupervisor;

/**
 * What a kiosk tells the centre about its health in each heartbeat, beside the queue figures the heartbeat already
 * carries: the heartbeat's {@code devices} map holds one entry per device ({@code "idcard" -> "up: SAM module ready
 * on ..."}, {@code "printer" -> "down: ... paper end"}) and, under keys starting with {@code @}, the kiosk's own
 * figures: {@code @paper} ({@code ok}, {@code low}, {@code out} or {@code unknown}), {@code @disk-free-mb} (free
 * space where the kiosk keeps its data), {@code @version}. The sync worker adds {@code @dead-letter} (the applications
 * the centre refused for good) to every heartbeat itself, and {@code @untrusted-content} when it refused a catalogue
 * or result for want of the centre's signature ({@code ContentRefusals}). The centre's fleet page reads these keys.
 */
public final class HeartbeatContent implements Supplier<Map<String, String>> {
    public static final String PAPER = "@paper";
    public static final String DISK_FREE_MB = "@disk-free-mb";
    public static final String VERSION = "@version";

    private final DeviceSupervisor supervisor;
    private final Path dataDir;
    private final String version;

    public HeartbeatContent(DeviceSupervisor supervisor, Path dataDir, String version) {
        this.supervisor = supervisor;
        this.dataDir = dataDir;
        this.version = version;
    }

    @Override
    public Map<String, String> get() {
        Map<String, String> m = new LinkedHashMap<>();
        String paper = "unknown";
        for (Map.Entry<String, DeviceSupervisor.Health> e : supervisor.all().entrySet()) {
            DeviceSupervisor.Health h = e.getValue();
            m.put(e.getKey(), h.state().name().toLowerCase(Locale.ROOT) + ": " + h.detail());
            if (e.getKey().equals("printer")) {
                paper = paperOf(h.detail());
            }
        }
        m.put(PAPER, paper);
        m.put(DISK_FREE_MB, String.valueOf(freeMb(dataDir)));
        m.put(VERSION, version);
        return m;
    }

    /** The paper state in a printer's status line ("online, paper near end" -> low). */
    static String paperOf(String detail) {
        String d = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        if (d.contains("paper near end")) {
            return "low";
        }
        if (d.contains("paper end")) {
            return "out";
        }
        return d.contains("paper ok") ? "ok" : "unknown";
    }

    static long freeMb(Path dir) {
        try {
            Path p = dir;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p == null ? -1 : Files.getFileStore(p).getUsableSpace() / (1024 * 1024);
        } catch (IOException e) {
            return -1;
        }
    }
}
