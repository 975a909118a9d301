package org.openkiosk.centre.http;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openkiosk.centre.core.LogSafe;
import org.openkiosk.centre.db.AddressLimitRepository;
import org.openkiosk.centre.core.TooManyAttemptsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps the console's session from being used by someone else's page, and the unauthenticated
 * endpoints from being flooded:
 * <ul>
 * <li>every state-changing console page request (a form post) carries a synchronizer token derived from
 *     the session's secret (so it differs per session, is checked without server state, and no other
 *     site can read it); the login form carries one derived from a pre-login cookie;</li>
 * <li>the JSON console API takes only the bearer token (never the session cookie, which browsers attach
 *     to cross-site requests) and state-changing requests only as {@code application/json} (which a
 *     cross-site HTML form cannot send);</li>
 * <li>the session cookie is {@code Secure}, and {@code Strict-Transport-Security} is sent, when the
 *     client's connection is TLS (see {@link ClientOrigin});</li>
 * <li>the logins and enrolment are limited per client address (counted in the database, so across every
 *     centre instance on it) and, across all addresses, to a few at once (per instance: it bounds this
 *     machine's work), so a flood of bad logins (each one a PBKDF2 hash) or enrolments cannot take the machine
 *     from kiosk submissions.</li>
 * </ul>
 */
public final class ConsoleGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    static final String SESSION_COOKIE = "okc_session";
    static final String LOGIN_COOKIE = "okc_login";
    static final String FIELD = "csrf";
    private static final String API = "openkiosk.consoleApi";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String HSTS = "max-age=31536000";
    /** Logins (and enrolments) per address: this many at once, then one every few seconds. */
    static final int LOGIN_BURST = 20;
    static final Duration LOGIN_EVERY = Duration.ofSeconds(3);
    static final int ENROL_BURST = 20;
    static final Duration ENROL_EVERY = Duration.ofSeconds(3);
    /** Unauthenticated requests worked on at once (each login is a PBKDF2 hash), and waiting for a turn. */
    private static final int AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final int WAITING = 2 * AT_ONCE;
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    /** Which per-address limit an unauthenticated endpoint counts against. */
    public enum Limit { LOGIN, ENROL }

    private final ClientOrigin origin;
    private final AddressRateLimiter logins;
    private final AddressRateLimiter enrolments;
    private final Semaphore working = new Semaphore(AT_ONCE);
    private final AtomicInteger inside = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    /** {@code limits}: where the per-address limits are counted (the database every instance shares). */
    public ConsoleGuard(ClientOrigin origin, AddressLimitRepository limits, Clock clock) {
        this.origin = origin;
        this.logins = new AddressRateLimiter("login", LOGIN_BURST, LOGIN_EVERY, limits, clock);
        this.enrolments = new AddressRateLimiter("enrol", ENROL_BURST, ENROL_EVERY, limits, clock);
    }

    // ---------------------------------------------------------------- before-handlers

    /** Every request: HSTS when the client's connection is TLS. */
    public void everyRequest(Context ctx) {
        if (origin.secure(ctx)) {
            ctx.header("Strict-Transport-Security", HSTS);
        }
    }

    /** {@code /console/api/*}: bearer token only (see {@link #bearerOnly}); state changes only as JSON (else 415). */
    public void apiRequest(Context ctx) {
        ctx.attribute(API, Boolean.TRUE);
        if (SAFE.contains(ctx.method())) {
            return;
        }
        String type = ctx.contentType();
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "the console API takes only Content-Type: application/json");
        }
    }

    /**
     * {@code /console/*} pages: a state-changing request made with the session cookie needs the form's
     * token of that session (403 otherwise). One with a bearer token needs none: no other site can make a
     * browser send it. The login form checks its own token ({@link #loginTokenValid}).
     */
    public void pageRequest(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(API)) || SAFE.contains(ctx.method()) || ctx.path().equals("/console/login")
                || bearer(ctx) != null) {
            return;
        }
        String session = ctx.cookie(SESSION_COOKIE);
        if (session == null || !matches(ctx.formParam(FIELD), session)) {
            LOG.warn("Refused a console {} {} from {} without its session's form token", ctx.method(),
                    LogSafe.text(ctx.path(), 200), origin.address(ctx));
            throw new ForbiddenResponse("this form is not from your console session: reload the page and try again");
        }
    }

    // ---------------------------------------------------------------- unauthenticated endpoints

    /**
     * {@code handler} behind the per-address limit and the bound on unauthenticated work at once:
     * {@link TooManyAttemptsException} (429 with {@code Retry-After}) when either is exceeded.
     */
    public Handler limited(Limit limit, Handler handler) {
        return ctx -> {
            String address = origin.address(ctx);
            Duration wait = (limit == Limit.LOGIN ? logins : enrolments).take(address);
            if (!wait.isZero()) {
                LOG.debug("Too many {} requests from {}", limit, address);
                throw new TooManyAttemptsException("too many requests from your address: try again later", wait);
            }
            if (inside.incrementAndGet() > AT_ONCE + WAITING) {
                inside.decrementAndGet();
                throw new TooManyAttemptsException("the centre is busy: try again in a moment", Duration.ofSeconds(1));
            }
            try {
                if (!working.tryAcquire(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TooManyAttemptsException("the centre is busy: try again in a moment", Duration.ofSeconds(1));
                }
                try {
                    handler.handle(ctx);
                } finally {
                    working.release();
                }
            } finally {
                inside.decrementAndGet();
            }
        };
    }

    // ---------------------------------------------------------------- tokens and cookies

    /** Whether the request authenticates with the JSON API's bearer token only (not the cookie). */
    static boolean bearerOnly(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(API));
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    /** The hidden form field carrying the token of the session this page was requested with. */
    public String formField(Context ctx) {
        String token = formToken(ctx);
        return token == null ? "" : "<input type=hidden name=" + FIELD + " value=" + token + ">";
    }

    /** The form token of the session this page was requested with, or null without one. */
    String formToken(Context ctx) {
        String session = bearer(ctx);
        if (session == null) {
            session = ctx.cookie(SESSION_COOKIE);
        }
        return session == null ? null : token(session);
    }

    /** The login form's token; sets the pre-login cookie it is derived from when there is none yet. */
    String loginToken(Context ctx) {
        String pre = ctx.cookie(LOGIN_COOKIE);
        if (pre == null || !pre.matches("[A-Za-z0-9_-]{43}")) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            pre = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            ctx.cookie(cookie(ctx, LOGIN_COOKIE, pre, -1));
        }
        return token(pre);
    }

    boolean loginTokenValid(Context ctx) {
        String pre = ctx.cookie(LOGIN_COOKIE);
        return pre != null && matches(ctx.formParam(FIELD), pre);
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over TLS; the pre-login cookie goes. */
    void startSession(Context ctx, String token, Duration length) {
        ctx.cookie(cookie(ctx, SESSION_COOKIE, token, (int) length.toSeconds()));
        if (ctx.cookie(LOGIN_COOKIE) != null) {
            ctx.removeCookie(LOGIN_COOKIE, "/console");
        }
    }

    private io.javalin.http.Cookie cookie(Context ctx, String name, String value, int maxAge) {
        return new io.javalin.http.Cookie(name, value, "/console", maxAge, origin.secure(ctx), true, null, SameSite.STRICT);
    }

    private static boolean matches(String given, String secret) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                token(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** The form token of a session (or pre-login) secret: a one-way function of it, useless without it. */
    static String token(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("openkiosk console form token\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
