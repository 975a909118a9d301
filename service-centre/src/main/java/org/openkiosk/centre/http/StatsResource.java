package org.openkiosk.centre.http;

import io.javalin.http.Context;
import org.openkiosk.centre.api.Stats;
import org.openkiosk.centre.core.ApplicationService;

/** {@code GET /api/v1/stats}. */
public final class StatsResource {

    private final ApplicationService service;

    public StatsResource(ApplicationService service) {
        this.service = service;
    }

    public void stats(Context ctx) {
        ctx.json(new Stats(service.count()));
    }
}
