package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.openkiosk.centre.core.TooManyAttemptsException;
import org.openkiosk.centre.core.StaffDesk;
import org.openkiosk.centre.db.ConflictException;
import org.openkiosk.centre.db.DatabaseException;
import org.openkiosk.centre.health.HealthResource;
import org.openkiosk.centre.store.ObjectStore;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routes of the kiosk-facing API and how failures become {@link ApiError} answers. */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private HttpApi() {
    }

    /** The kiosk-facing resources, wired by {@code CentreServer}. */
    public record Resources(KioskAuth auth, EnrolResource enrol, ApplicationResource applications,
                            UploadResource uploads, KioskResource kiosks, StatsResource stats,
                            HealthResource health, ConsoleResource console, RatingResource ratings,
                            FleetResource fleet, ConsoleGuard guard, StaffAdminResource staffAdmin,
                            HelpResource help, ElicenceResource elicences) {
    }

    public static Javalin create(ObjectMapper json, long maxRequestBytes, Resources r) {
        return create(json, maxRequestBytes, r, c -> { });
    }

    /** As {@link #create(ObjectMapper, long, Resources)}, with the transport set up by {@code transport} (e.g. TLS). */
    public static Javalin create(ObjectMapper json, long maxRequestBytes, Resources r,
                                 java.util.function.Consumer<io.javalin.config.JavalinConfig> transport) {
        return Javalin.create(c -> {
            transport.accept(c);
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = maxRequestBytes;
            c.jetty.modifyServer(server -> server.insertHandler(BodyLimits.serverLimit(maxRequestBytes)));
            c.jsonMapper(new JavalinJackson(json, false));
            c.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setMaxBinaryMessageSize(HelpResource.MAX_FRAME);
                ws.setMaxTextMessageSize(HelpResource.MAX_TEXT);
            });

            c.routes.before(SecurityHeaders::console);
            c.routes.before(r.guard()::everyRequest);
            c.routes.before("/console/api/*", r.guard()::apiRequest);
            c.routes.before("/console/*", r.guard()::pageRequest);
            c.routes.before(Protocol.BASE + "/*", ctx -> {
                if (ctx.path().equals(Protocol.STATS)) {
                    r.stats().requireReader(ctx, r.auth(), r.console());
                } else {
                    r.auth().require(ctx);
                }
            });
            c.routes.post(Protocol.ENROL, r.guard().limited(ConsoleGuard.Limit.ENROL, r.enrol()::enrol));
            c.routes.post(Protocol.APPLICATIONS, r.applications()::submit);
            c.routes.get(Protocol.APPLICATION, r.applications()::status);
            c.routes.get(Protocol.APPLICATION_RESULT, r.applications()::result);
            c.routes.get(Protocol.CHANGES, r.applications()::changes);
            c.routes.get(Protocol.UPLOAD, r.uploads()::status);
            c.routes.put(Protocol.UPLOAD, r.uploads()::put);
            c.routes.post(Protocol.HEARTBEAT, r.kiosks()::heartbeat);
            c.routes.get(Protocol.CATALOGUE, r.kiosks()::catalogue);
            c.routes.post(Protocol.RATINGS, r.ratings()::rate);
            c.routes.get(Protocol.STATS, r.stats()::stats);
            c.routes.get(Protocol.HEALTH, r.health()::health);
            c.routes.wsBeforeUpgrade(Protocol.HELP, r.help()::kioskUpgrade);
            c.routes.ws(Protocol.HELP, r.help()::kioskSocket);
            c.routes.wsBeforeUpgrade(HelpResource.STAFF_SOCKET, r.help()::staffUpgrade);
            c.routes.ws(HelpResource.STAFF_SOCKET, r.help()::staffSocket);
            c.routes.get("/console/help", r.help()::page);
            c.routes.get("/console/help.js", r.help()::script);
            c.routes.get("/console/api/help", r.help()::apiOpen);
            c.routes.get("/console/api/help/{id}", r.help()::apiRequest);
            c.routes.post(Protocol.CARD_SESSIONS, r.elicences()::open);
            c.routes.delete(Protocol.CARD_SESSION_CURRENT, r.elicences()::close);
            c.routes.post(Protocol.HELD_MATERIALS, r.elicences()::lookup);

            c.routes.post("/console/api/login", r.guard().limited(ConsoleGuard.Limit.LOGIN, r.console()::apiLogin));
            c.routes.post("/console/api/logout", r.console()::apiLogout);
            c.routes.get("/console/api/applications", r.console()::apiList);
            c.routes.get("/console/api/applications/{id}", r.console()::apiView);
            c.routes.get("/console/api/applications/{id}/documents/{seq}", r.console()::document);
            c.routes.post("/console/api/applications/{id}/decision", r.console()::apiDecide);
            c.routes.get("/console/api/audit", r.console()::apiAudit);
            c.routes.get("/console/api/ratings", r.console()::apiRatings);
            c.routes.get("/console/api/staff", r.staffAdmin()::list);
            c.routes.put("/console/api/staff/{username}", r.staffAdmin()::save);
            c.routes.get("/console/api/fleet", r.fleet()::apiFleet);
            c.routes.get("/console/api/fleet/{kioskId}", r.fleet()::apiKiosk);
            c.routes.get("/console", r.console()::pageHome);
            c.routes.get("/console/fleet", r.fleet()::pageFleet);
            c.routes.get("/console/fleet/{kioskId}", r.fleet()::pageKiosk);
            c.routes.post("/console/login", r.guard().limited(ConsoleGuard.Limit.LOGIN, r.console()::pageLogin));
            c.routes.post("/console/logout", r.console()::pageLogout);
            c.routes.get("/console/applications/{id}", r.console()::pageView);
            c.routes.get("/console/ratings", r.console()::pageRatings);
            c.routes.get("/console/applications/{id}/documents/{seq}", r.console()::document);
            c.routes.get("/console/applications/{id}/images/{seq}", r.console()::image);
            c.routes.post("/console/applications/{id}/decision", r.console()::pageDecide);
            c.routes.get("/console/applications/{id}/held/{seq}", r.elicences()::content);
            c.routes.get("/console/api/applications/{id}/held/{seq}", r.elicences()::content);
            c.routes.get("/console/api/elicences", r.elicences()::apiList);
            c.routes.post("/console/api/elicences/{id}/revoke", r.elicences()::apiRevoke);
            c.routes.get("/console/elicences", r.elicences()::page);
            c.routes.post("/console/elicences/{id}/revoke", r.elicences()::pageRevoke);

            c.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() >= 500) {
                    LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
                } else {
                    LOG.debug("{} {} refused with {}: {}", ctx.method(), ctx.path(), e.getStatus(), e.getMessage());
                }
                ctx.status(e.getStatus()).json(new ApiError(e.getMessage()));
            });
            c.routes.exception(TooManyAttemptsException.class, (e, ctx) -> {
                LOG.debug("{} {} refused with 429: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(e.retryAfterSeconds()))
                        .json(new ApiError(e.getMessage()));
            });
            c.routes.exception(StaffDesk.NotAllowedException.class, (e, ctx) -> {
                LOG.debug("{} {} refused with 403: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(HttpStatus.FORBIDDEN).json(new ApiError(e.getMessage()));
            });
            c.routes.exception(ConflictException.class, (e, ctx) -> {
                LOG.debug("{} {} refused with 409: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.status(HttpStatus.CONFLICT).json(new ApiError(e.getMessage()));
            });
            c.routes.exception(DatabaseException.class, (e, ctx) -> {
                LOG.error("{} {} failed in the database", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(new ApiError("centre database unavailable"));
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                String tooLarge = BodyLimits.tooLargeReason(e);
                if (tooLarge != null) { // a chunked or multipart body ran past its limit while being parsed
                    LOG.debug("{} {} refused with 413: {}", ctx.method(), ctx.path(), tooLarge);
                    ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(new ApiError(tooLarge));
                    return;
                }
                ObjectStore.ObjectStoreException store = storeUnavailable(e);
                if (store != null) { // the object store is down or restarting: the kiosk keeps the work and retries
                    LOG.error("{} {} failed in the object store: {}", ctx.method(), ctx.path(), store.getMessage());
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                            .json(new ApiError("centre object store unavailable"));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(new ApiError("internal error"));
            });
        });
    }

    /**
     * The object store's failure behind an exception (unreachable, restarting, an answer that did not check out), or
     * null. A missing object is not one: asking again does not bring it back.
     */
    static ObjectStore.ObjectStoreException storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ObjectStore.ObjectStoreException s && !(t instanceof ObjectStore.NoSuchObjectException)) {
                return s;
            }
        }
        return null;
    }
}
