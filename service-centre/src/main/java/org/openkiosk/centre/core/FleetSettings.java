package org.openkiosk.centre.core;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the centre judges its kiosks' health.
 *
 * @param offlineAfter a kiosk without a heartbeat for this long is offline (default 15 min: three of the
 *                     kiosk's 5-minute sync rounds)
 * @param retention    heartbeats older than this are deleted (default 30 days)
 * @param queueBacklog this many applications waiting on a kiosk is a backlog
 * @param syncStaleAfter applications waiting while the last successful sync is older than this is a backlog too
 * @param lowDiskMb    less free disk than this on a kiosk is a warning
 * @param zone         the time zone the console shows times in
 */
public record FleetSettings(Duration offlineAfter, Duration retention, int queueBacklog, Duration syncStaleAfter,
                            long lowDiskMb, ZoneId zone) {

    public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofMinutes(15);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public FleetSettings {
        if (offlineAfter == null || offlineAfter.isNegative() || offlineAfter.isZero()) {
            throw new IllegalArgumentException("the offline threshold must be a positive duration, not " + offlineAfter);
        }
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("heartbeat retention must be at least one day, not " + retention);
        }
        if (queueBacklog < 1) {
            throw new IllegalArgumentException("the backlog threshold must be at least 1, not " + queueBacklog);
        }
        if (syncStaleAfter == null || syncStaleAfter.isNegative() || syncStaleAfter.isZero()) {
            throw new IllegalArgumentException("the stale-sync threshold must be a positive duration, not " + syncStaleAfter);
        }
        if (lowDiskMb < 0) {
            throw new IllegalArgumentException("the low-disk threshold must not be negative, not " + lowDiskMb);
        }
        if (zone == null) {
            throw new IllegalArgumentException("a time zone is needed to show times");
        }
    }

    /** 15 minutes offline, 30 days of history, 20 waiting or 1 h without a sync is a backlog, 1 GB free disk. */
    public static FleetSettings defaults() {
        return new FleetSettings(DEFAULT_OFFLINE_AFTER, DEFAULT_RETENTION, 20, Duration.ofHours(1), 1024,
                ZoneId.systemDefault());
    }

    public FleetSettings withOfflineAfter(Duration d) {
        return new FleetSettings(d, retention, queueBacklog, syncStaleAfter, lowDiskMb, zone);
    }

    public FleetSettings withRetention(Duration d) {
        return new FleetSettings(offlineAfter, d, queueBacklog, syncStaleAfter, lowDiskMb, zone);
    }

    public FleetSettings withZone(ZoneId z) {
        return new FleetSettings(offlineAfter, retention, queueBacklog, syncStaleAfter, lowDiskMb, z);
    }
}
