package org.openkiosk.app.store;

import java.time.Instant;

/**
 * The submission queue at a glance, for the technician screen and the heartbeat.
 *
 * @param pending      applications not yet acknowledged by the centre
 * @param acknowledged applications the centre has confirmed
 * @param lastSuccess  when the centre last acknowledged an application; null if never
 * @param lastError    the latest synchronisation failure, cleared by the next acknowledgement;
 *                     null when the last attempt succeeded
 */
public record QueueFigures(int pending, int acknowledged, Instant lastSuccess, String lastError) {
}
