package org.openkiosk.centre.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.openkiosk.centre.core.FleetHealth;

/** How the fleet pages write times (in the centre's zone) and name a chart window. */
public final class FleetPageFormat {
    private final DateTimeFormatter time;

    public FleetPageFormat(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(zone);
    }

    public String time(Instant t) {
        return time.format(t);
    }

    public String windowLabel(FleetHealth.Window w) {
        return w == FleetHealth.Window.DAY ? "最近 24 小时" : "最近 7 天";
    }
}
