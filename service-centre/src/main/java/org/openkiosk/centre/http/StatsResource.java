package org.openkiosk.centre.http;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.util.function.Supplier;
import org.openkiosk.centre.api.Stats;

/** {@code GET /api/v1/stats}: for an enrolled kiosk's token or a staff member's (console) token, nobody else. */
public final class StatsResource {

    private final Supplier<Stats> stats;

    public StatsResource(Supplier<Stats> stats) {
        this.stats = stats;
    }

    /** A before-handler: 401 unless the request carries a staff member's session or a current kiosk token. */
    public void requireReader(Context ctx, KioskAuth kiosks, ConsoleResource console) {
        if (console.optionalStaff(ctx).isPresent()) {
            return;
        }
        try {
            kiosks.require(ctx);
        } catch (UnauthorizedResponse e) {
            throw new UnauthorizedResponse("the centre's figures need a kiosk's or a staff member's token"
                    + " (Authorization: Bearer <token>)");
        }
    }

    public void stats(Context ctx) {
        ctx.json(stats.get());
    }
}
