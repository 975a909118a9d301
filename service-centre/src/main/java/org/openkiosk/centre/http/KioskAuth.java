package org.openkiosk.centre.http;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.sync.api.Protocol;

/**
 * Authenticates kiosk requests by their bearer token and remembers which kiosk is calling. Every
 * {@code /api/v1} route except health and enrolment needs it.
 */
public final class KioskAuth {

    private static final String KIOSK = "openkiosk.kioskId";

    private final Enrolment enrolment;

    public KioskAuth(Enrolment enrolment) {
        this.enrolment = enrolment;
    }

    /** A before-handler: 401 unless the request carries a current kiosk token. */
    public void require(Context ctx) {
        String path = ctx.path();
        if (path.equals(Protocol.HEALTH) || path.equals(Protocol.ENROL)) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedResponse("this kiosk is not enrolled: send Authorization: Bearer <token>"
                    + " (./kiosk enrol)");
        }
        String kioskId = enrolment.authenticate(header.substring(7))
                .orElseThrow(() -> new UnauthorizedResponse(
                        "unknown or revoked kiosk token: enrol the kiosk again (./kiosk enrol with a new code)"));
        ctx.attribute(KIOSK, kioskId);
    }

    /** The authenticated kiosk of this request. */
    public static String kioskId(Context ctx) {
        String id = ctx.attribute(KIOSK);
        if (id == null) {
            throw new UnauthorizedResponse("not authenticated");
        }
        return id;
    }
}
