package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openkiosk.centre.console.ConsolePages;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.centre.core.HelpDesk;
import org.openkiosk.centre.core.LogSafe;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.core.StaffDesk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help over HTTP: the kiosk's socket ({@code /api/v1/help}, its bearer token), the help desk's socket
 * ({@code /console/help/socket}: a bearer token from the console API, or a page's session cookie with the page's form
 * token and the centre's own {@code Origin}, so no other site can open it with a staff member's cookie), the help desk
 * page ({@code /console/help}, the one console page with script: its own file, {@code /console/help.js}, under a
 * policy that runs only scripts from the centre's origin) and the open requests as JSON.
 */
public final class HelpResource {

    private static final Logger LOG = LoggerFactory.getLogger(HelpResource.class);
    /** The help desk page's policy: the console's, plus scripts and sockets from the centre itself and frames as blobs. */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' blob:; "
            + "style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    public static final String STAFF_SOCKET = "/console/help/socket";
    /** Largest frame a kiosk may send, and largest text message either side may send. */
    static final int MAX_FRAME = 1024 * 1024;
    static final int MAX_TEXT = 16 * 1024;
    private static final String KIOSK = "openkiosk.help.kiosk";
    private static final String TOKEN = "openkiosk.help.token";

    private final HelpDesk desk;
    private final Enrolment enrolment;
    private final StaffAccounts accounts;
    private final ConsoleResource console;
    private final ConsoleGuard guard;
    private final ObjectMapper json;
    /** The open sockets' peers, by socket session id. */
    private final Map<String, SocketPeer> peers = new ConcurrentHashMap<>();
    /** The request each kiosk socket carries, by socket session id. */
    private final Map<String, String> kioskRequests = new ConcurrentHashMap<>();
    private final byte[] script;

    public HelpResource(HelpDesk desk, Enrolment enrolment, StaffAccounts accounts, ConsoleResource console,
                        ConsoleGuard guard, ObjectMapper json) {
        this.desk = desk;
        this.enrolment = enrolment;
        this.accounts = accounts;
        this.console = console;
        this.guard = guard;
        this.json = json;
        try (InputStream in = HelpResource.class.getResourceAsStream("/console/help.js")) {
            script = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the help desk's script is missing from the centre's jar", e);
        }
    }

    /** One socket as the help desk sees it. */
    private static final class SocketPeer implements HelpDesk.Peer {
        private final WsContext ctx;

        SocketPeer(WsContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void sendText(String text) {
            try {
                ctx.send(text);
            } catch (RuntimeException e) {
                LOG.debug("help socket {} did not take a message: {}", ctx.sessionId(), e.toString());
            }
        }

        @Override
        public void sendBinary(ByteBuffer data) {
            try {
                ctx.send(data);
            } catch (RuntimeException e) {
                LOG.debug("help socket {} did not take a frame: {}", ctx.sessionId(), e.toString());
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                ctx.closeSession(code, reason);
            } catch (RuntimeException e) {
                LOG.debug("help socket {} did not close: {}", ctx.sessionId(), e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- the kiosk's socket

    /** Before the upgrade: a current kiosk token, or 401 and no socket. */
    public void kioskUpgrade(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedResponse("this kiosk is not enrolled: send Authorization: Bearer <token>");
        }
        String kioskId = enrolment.authenticate(header.substring(7))
                .orElseThrow(() -> new UnauthorizedResponse("unknown or revoked kiosk token"));
        ctx.attribute(KIOSK, kioskId);
    }

    public void kioskSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(2));
            peers.put(ctx.sessionId(), new SocketPeer(ctx));
        });
        ws.onMessage(ctx -> {
            String kioskId = kioskOf(ctx);
            SocketPeer peer = peers.get(ctx.sessionId());
            JsonNode m = parse(ctx.message());
            String type = m == null ? "" : m.path("type").asText("");
            String id = kioskRequests.get(ctx.sessionId());
            try {
                switch (type) {
                    case "request" -> {
                        if (id != null) {
                            return;
                        }
                        String resume = m.path("resume").isTextual() ? m.path("resume").asText() : null;
                        String raised = desk.raise(kioskId, resume, m.path("place").asText(null),
                                m.path("step").asText(null), peer);
                        kioskRequests.put(ctx.sessionId(), raised);
                        ctx.send(json.writeValueAsString(Map.of("type", "request", "id", raised)));
                    }
                    case "step" -> {
                        if (id != null) {
                            desk.step(kioskId, id, m.path("step").asText(null));
                        }
                    }
                    case "end" -> {
                        if (id != null) {
                            kioskRequests.remove(ctx.sessionId());
                            desk.kioskEnded(kioskId, id, m.path("reason").asText("ended"));
                        }
                    }
                    default -> ctx.send(error("unknown message"));
                }
            } catch (HelpDesk.EndedException e) { // its own request ended while it was away: it ends at the kiosk too
                ctx.send(json.writeValueAsString(Map.of("type", "ended", "id", m.path("resume").asText(""), "by",
                        e.by() == null ? "ended" : e.by())));
                ctx.closeSession(1000, "help ended");
            } catch (HelpDesk.NotYoursException e) {
                LOG.warn("Kiosk {} named a help request that is not its own: {}", kioskId, LogSafe.text(e.getMessage(), 200));
                ctx.send(error(e.getMessage()));
                ctx.closeSession(1008, "not your help request");
            }
        });
        ws.onBinaryMessage(ctx -> {
            String id = kioskRequests.get(ctx.sessionId());
            if (id != null) {
                desk.frame(kioskOf(ctx), id, ctx.data());
            }
        });
        ws.onClose(ctx -> {
            SocketPeer peer = peers.remove(ctx.sessionId());
            String id = kioskRequests.remove(ctx.sessionId());
            if (id != null) {
                desk.kioskGone(id, peer);
            }
        });
        ws.onError(ctx -> LOG.debug("kiosk help socket {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    private static String kioskOf(WsContext ctx) {
        String id = ctx.attribute(KIOSK);
        if (id == null) {
            throw new IllegalStateException("a kiosk help socket without its kiosk");
        }
        return id;
    }

    // ---------------------------------------------------------------- the help desk's socket

    /**
     * Before the upgrade: a help-desk member of staff, by bearer token; or by session cookie with the page's form token
     * ({@code ?csrf=}) and an {@code Origin} that is the centre itself. 401 without a session, 403 otherwise.
     */
    public void staffUpgrade(Context ctx) {
        String token = ConsoleGuard.bearer(ctx);
        if (token == null) {
            String cookie = ctx.cookie(ConsoleGuard.SESSION_COOKIE);
            if (cookie == null) {
                throw new UnauthorizedResponse("log in to the staff console first");
            }
            if (!sameOrigin(ctx)) {
                LOG.warn("Refused a help desk socket from origin {}", LogSafe.text(ctx.header("Origin"), 200));
                throw new ForbiddenResponse("the help desk socket opens only from the centre's own pages");
            }
            String given = ctx.queryParam("csrf");
            String expected = ConsoleGuard.token(cookie);
            if (given == null || !java.security.MessageDigest.isEqual(given.getBytes(), expected.getBytes())) {
                throw new ForbiddenResponse("this socket is not from your console session: reload the page");
            }
            token = cookie;
        }
        StaffAccounts.Staff who = accounts.authenticate(token)
                .orElseThrow(() -> new UnauthorizedResponse("log in to the staff console first"));
        if (!who.may(Role.HELP_DESK)) {
            throw new ForbiddenResponse("this needs the help-desk role");
        }
        ctx.attribute(TOKEN, token);
    }

    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String authority = o.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host)
                    && ("http".equals(o.getScheme()) || "https".equals(o.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public void staffSocket(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(30));
            SocketPeer peer = new SocketPeer(ctx);
            peers.put(ctx.sessionId(), peer);
            Optional<StaffAccounts.Staff> who = staffOf(ctx);
            if (who.isEmpty()) {
                ctx.closeSession(1008, "log in again");
                return;
            }
            desk.watch(who.get(), peer);
        });
        ws.onMessage(ctx -> {
            SocketPeer peer = peers.get(ctx.sessionId());
            // the session is checked on every command: a password change or log-out ends what this socket may do
            Optional<StaffAccounts.Staff> who = staffOf(ctx);
            if (who.isEmpty() || peer == null) {
                ctx.send(error("your console session has ended: log in again"));
                ctx.closeSession(1008, "log in again");
                return;
            }
            JsonNode m = parse(ctx.message());
            String type = m == null ? "" : m.path("type").asText("");
            String id = m == null ? "" : m.path("id").asText("");
            try {
                switch (type) {
                    case "take" -> desk.take(who.get(), peer, id);
                    case "message" -> desk.message(who.get(), peer, id, m.path("text").asText(null));
                    case "pointer" -> desk.pointer(who.get(), peer, id, m.path("x").asDouble(-1), m.path("y").asDouble(-1));
                    case "end" -> desk.end(who.get(), peer, id);
                    default -> ctx.send(error("unknown command"));
                }
            } catch (IllegalStateException | IllegalArgumentException | StaffDesk.NotAllowedException e) {
                ctx.send(error(e.getMessage()));
            }
        });
        ws.onClose(ctx -> {
            SocketPeer peer = peers.remove(ctx.sessionId());
            if (peer != null) {
                desk.unwatch(peer);
            }
        });
        ws.onError(ctx -> LOG.debug("help desk socket {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    private Optional<StaffAccounts.Staff> staffOf(WsContext ctx) {
        String token = ctx.attribute(TOKEN);
        return accounts.authenticate(token).filter(s -> s.may(Role.HELP_DESK));
    }

    // ---------------------------------------------------------------- page, script, JSON

    /** {@code GET /console/help}: the help desk page, for help-desk staff; its own policy allows its own script. */
    public void page(Context ctx) {
        Optional<StaffAccounts.Staff> who = console.optionalStaff(ctx);
        if (who.isEmpty()) {
            ctx.html(console.loginPage(ctx, null));
            return;
        }
        if (!who.get().may(Role.HELP_DESK)) {
            throw new ForbiddenResponse("this needs the help-desk role");
        }
        ctx.header("Content-Security-Policy", PAGE_POLICY);
        Map<String, Object> page = new HashMap<>();
        page.put("username", who.get().username());
        page.put("token", guard.formToken(ctx));
        page.put("requests", desk.openRequests());
        ctx.html(ConsolePages.render("help", page));
    }

    /** {@code GET /console/help.js}: the help desk page's script, a file from the centre's own origin. */
    public void script(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/javascript; charset=utf-8").result(script);
    }

    /** {@code GET /console/api/help}: the open requests (help-desk staff). */
    public void apiOpen(Context ctx) {
        StaffAccounts.Staff who = console.staff(ctx);
        if (!who.may(Role.HELP_DESK)) {
            throw new ForbiddenResponse("this needs the help-desk role");
        }
        ctx.json(Map.of("requests", desk.openRequests()));
    }

    /** {@code GET /console/api/help/{id}}: one request as stored (help-desk staff). */
    public void apiRequest(Context ctx) {
        StaffAccounts.Staff who = console.staff(ctx);
        if (!who.may(Role.HELP_DESK)) {
            throw new ForbiddenResponse("this needs the help-desk role");
        }
        String id = ctx.pathParam("id");
        ctx.json(desk.request(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("no help request " + id)));
    }

    private JsonNode parse(String text) {
        try {
            JsonNode n = json.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String error(String message) {
        try {
            return json.writeValueAsString(Map.of("type", "error", "error", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
