package org.openkiosk.centre.http;

import io.javalin.http.Context;
import java.util.function.Supplier;
import org.openkiosk.centre.api.Stats;

/** {@code GET /api/v1/stats}. */
public final class StatsResource {

    private final Supplier<Stats> stats;

    public StatsResource(Supplier<Stats> stats) {
        this.stats = stats;
    }

    public void stats(Context ctx) {
        ctx.json(stats.get());
    }
}
