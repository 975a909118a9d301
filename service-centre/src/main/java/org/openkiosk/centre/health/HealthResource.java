package org.openkiosk.centre.health;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.openkiosk.centre.api.HealthStatus;

/** {@code GET /api/v1/health}: 200 {"status":"up"}, or 503 {"status":"down"} when the database does not answer. */
public final class HealthResource {

    private final DatabaseHealthCheck database;

    public HealthResource(DatabaseHealthCheck database) {
        this.database = database;
    }

    public void health(Context ctx) {
        if (database.healthy()) {
            ctx.json(HealthStatus.UP);
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(HealthStatus.DOWN);
        }
    }
}
