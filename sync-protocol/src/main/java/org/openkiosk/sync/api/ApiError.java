package org.openkiosk.sync.api;

/** Body of every 4xx/5xx answer from the centre: a reason a technician can read. */
public record ApiError(String error) {
}
