package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.Content;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.centre.api.ApplicationSummary;
import org.openkiosk.centre.console.ConsolePages;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.core.StaffDesk;
import org.openkiosk.centre.core.TooManyAttemptsException;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.RatingRepository;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.DocumentTypes;

/**
 * The staff console: pages under {@code /console} (session cookie) and the same operations as JSON
 * under {@code /console/api} (bearer token from {@code POST /console/api/login}), which is what the
 * pages' forms do and what scripts and tests call.
 */
public final class ConsoleResource {

    static final String COOKIE = ConsoleGuard.SESSION_COOKIE;

    private final StaffAccounts accounts;
    private final StaffDesk desk;
    private final ObjectMapper json;
    private final ConsoleGuard guard;

    public ConsoleResource(StaffAccounts accounts, StaffDesk desk, ObjectMapper json, ConsoleGuard guard) {
        this.accounts = accounts;
        this.desk = desk;
        this.json = json;
        this.guard = guard;
    }

    // ---------------------------------------------------------------- JSON API

    public void apiLogin(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String token = accounts.login(body.path("username").asText(null), chars(body.path("password").asText(null)))
                .orElseThrow(() -> new UnauthorizedResponse("wrong user name or password"));
        ctx.json(Map.of("token", token));
    }

    /** Lists the held materials (e-licences, reused documents) an application refers to; none until set. */
    private ElicenceResource held;

    /** The application views list the held materials each application refers to, beside its captured papers. */
    public void showHeldMaterials(ElicenceResource held) {
        this.held = held;
    }

    public void apiLogout(Context ctx) {
        accounts.logout(bearer(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    public void apiList(Context ctx) {
        ctx.json(desk.list(staff(ctx), ctx.queryParam("status"), ctx.queryParam("kiosk"), ctx.queryParam("service"),
                ctx.queryParam("q")));
    }

    public void apiView(Context ctx) {
        StaffAccounts.Staff who = staff(ctx);
        String id = ctx.pathParam("id");
        ApplicationSubmission app = desk.view(who, id).orElseThrow(() -> new NotFoundResponse("no application " + id));
        ApplicationRepository.Standing standing = desk.standing(who, id)
                .orElseThrow(() -> new NotFoundResponse("no application " + id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("applicationId", app.applicationId());
        view.put("applicationNo", app.applicationNo());
        view.put("kioskId", app.kioskId());
        view.put("serviceId", app.serviceId());
        view.put("serviceName", app.serviceName());
        view.put("department", desk.departmentOf(app.serviceId()).orElse(null));
        view.put("applicantName", app.applicantName());
        view.put("idNumber", app.idNumber());
        view.put("fields", app.fields());
        view.put("submittedAt", app.submittedAt());
        view.put("status", standing.status());
        view.put("version", standing.version());
        view.put("documents", app.documents().stream().map(d -> Map.of("materialId", d.materialId(),
                "fileName", d.fileName(), "contentType", d.contentType(), "servedAs", SecurityHeaders.servedType(d),
                "sha256", d.sha256(), "size", d.content().length)).toList());
        view.put("heldMaterials", held == null ? List.of() : held.referred(id));
        view.put("audit", desk.auditLog(who, id));
        view.put("ratings", desk.ratings(who, id));
        ctx.json(view);
    }

    /** {@code GET /console/api/ratings}: per rated matter, count, average, levels and the poor ratings with reasons. */
    public void apiRatings(Context ctx) {
        ctx.json(Map.of("matters", ratingSummary(ctx)));
    }

    /**
     * {@code GET .../documents/{seq}}: a stored document as the type its bytes show (never the kiosk's claim),
     * images inline and PDFs (and anything unrecognised, which an older centre may hold) as attachments, all
     * sandboxed (see {@link SecurityHeaders#document}).
     */
    public void document(Context ctx) {
        DocumentPayload doc = storedDocument(ctx);
        SecurityHeaders.document(ctx, doc, SecurityHeaders.servedType(doc));
    }

    /** {@code GET /console/applications/{id}/images/{seq}}: what the application page shows in an {@code <img>}. */
    public void image(Context ctx) {
        DocumentPayload doc = storedDocument(ctx);
        String type = SecurityHeaders.servedType(doc);
        if (!DocumentTypes.isImage(type)) {
            throw new NotFoundResponse("document " + ctx.pathParam("seq") + " of application " + ctx.pathParam("id")
                    + " is not an image; open it as a document");
        }
        SecurityHeaders.document(ctx, doc, type);
    }

    private DocumentPayload storedDocument(Context ctx) {
        StaffAccounts.Staff who = staff(ctx);
        String id = ctx.pathParam("id");
        int seq;
        try {
            seq = Integer.parseInt(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("document number must be a whole number");
        }
        return desk.document(who, id, seq)
                .orElseThrow(() -> new NotFoundResponse("no document " + seq + " of application " + id));
    }

    public void apiDecide(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String id = ctx.pathParam("id");
        JsonNode version = body.path("version");
        StaffAccounts.Staff who = decide(ctx, id, body.path("action").asText(null), body.path("reason").asText(null),
                body.path("decision").asText(null), version.isIntegralNumber() ? Long.valueOf(version.asLong())
                        : version.isTextual() ? version.asText() : null);
        ApplicationRepository.Standing now = desk.standing(who, id).orElseThrow(() -> new NotFoundResponse("no application " + id));
        ctx.json(Map.of("applicationId", id, "status", now.status(), "version", now.version()));
    }

    /** {@code GET /console/api/audit[?application=ID]}: one application's log, or (admins only) the whole log. */
    public void apiAudit(Context ctx) {
        StaffAccounts.Staff who = staff(ctx);
        String id = ctx.queryParam("application");
        try {
            ctx.json(desk.auditLog(who, id == null || id.isBlank() ? null : id));
        } catch (StaffDesk.NotAllowedException e) {
            throw new ForbiddenResponse(e.getMessage());
        } catch (java.util.NoSuchElementException e) {
            throw new NotFoundResponse(e.getMessage());
        }
    }

    private StaffAccounts.Staff decide(Context ctx, String id, String action, String reason, String decision,
                                      Object version) {
        StaffAccounts.Staff who = staff(ctx);
        Long v;
        try {
            v = version == null || version.toString().isBlank() ? null : Long.valueOf(version.toString().strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("version must be a whole number");
        }
        try {
            if (!desk.decide(who, id, StaffDesk.Action.parse(action), reason, decision, v)) {
                throw new NotFoundResponse("no application " + id);
            }
        } catch (StaffDesk.NotAllowedException e) {
            throw new ForbiddenResponse(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        return who;
    }

    // ---------------------------------------------------------------- pages

    public void pageHome(Context ctx) {
        Optional<StaffAccounts.Staff> who = optionalStaff(ctx);
        if (who.isEmpty()) {
            ctx.html(loginPage(ctx, null));
            return;
        }
        if (!who.get().may(Role.VIEWER) && !who.get().may(Role.ADMIN) && who.get().may(Role.HELP_DESK)) {
            ctx.redirect("/console/help", HttpStatus.SEE_OTHER); // the help desk reads no application
            return;
        }
        if (!who.get().may(Role.VIEWER) && who.get().may(Role.ADMIN)) {
            ctx.html(ConsolePages.render("accounts", Map.of("admin", adminSection(ctx, who.get()))));
            return;
        }
        List<ApplicationSummary> list;
        try {
            list = desk.list(who.get(), ctx.queryParam("status"), ctx.queryParam("kiosk"), ctx.queryParam("service"),
                    ctx.queryParam("q"));
        } catch (StaffDesk.NotAllowedException e) {
            throw new ForbiddenResponse(e.getMessage());
        }
        Map<String, Object> page = new HashMap<>();
        page.put("username", who.get().username());
        page.put("roles", who.get().roles().toString());
        page.put("token", guard.formToken(ctx));
        page.put("status", ctx.queryParam("status"));
        page.put("kiosk", ctx.queryParam("kiosk"));
        page.put("service", ctx.queryParam("service"));
        page.put("q", ctx.queryParam("q"));
        page.put("applications", list);
        page.put("admin", who.get().may(Role.ADMIN) ? adminSection(ctx, who.get()) : null);
        ctx.html(ConsolePages.render("applications", page));
    }

    /** Accounts with their roles and departments, and the latest audit log entries: what an admin sees. */
    private Content adminSection(Context ctx, StaffAccounts.Staff admin) {
        Map<String, Object> section = new HashMap<>();
        section.put("username", admin.username());
        section.put("token", guard.formToken(ctx));
        section.put("accounts", accounts.accounts());
        section.put("audit", desk.auditLog(admin, null));
        return ConsolePages.markup(ConsolePages.render("admin", section));
    }

    public void pageLogin(Context ctx) {
        if (!guard.loginTokenValid(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN).html(loginPage(ctx,
                    "登录页面已过期，请重新输入 This login form has expired or is not from this console: log in again"));
            return;
        }
        Optional<String> token;
        try {
            token = accounts.login(ctx.formParam("username"), chars(ctx.formParam("password")));
        } catch (TooManyAttemptsException e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(e.retryAfterSeconds()))
                    .html(loginPage(ctx, "尝试次数过多，请 " + e.retryAfterSeconds()
                            + " 秒后再试 Too many attempts: try again in " + e.retryAfterSeconds() + " s"));
            return;
        }
        if (token.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(loginPage(ctx, "用户名或密码错误 Wrong user name or password"));
            return;
        }
        guard.startSession(ctx, token.get(), StaffAccounts.SESSION_LENGTH);
        ctx.redirect("/console", HttpStatus.SEE_OTHER);
    }

    public void pageLogout(Context ctx) {
        accounts.logout(ctx.cookie(COOKIE));
        ctx.removeCookie(COOKIE, "/console");
        ctx.redirect("/console", HttpStatus.SEE_OTHER);
    }

    public void pageView(Context ctx) {
        StaffAccounts.Staff who = staff(ctx);
        String id = ctx.pathParam("id");
        ApplicationSubmission app = desk.view(who, id).orElseThrow(() -> new NotFoundResponse("no application " + id));
        ApplicationRepository.Standing standing = desk.standing(who, id)
                .orElseThrow(() -> new NotFoundResponse("no application " + id));
        List<ConsolePages.Document> documents = new ArrayList<>();
        for (int i = 0; i < app.documents().size(); i++) {
            DocumentPayload d = app.documents().get(i);
            String type = SecurityHeaders.servedType(d);
            documents.add(new ConsolePages.Document(i, d.fileName(), d.materialId(), d.content().length, type,
                    DocumentTypes.isImage(type)));
        }
        List<ConsolePages.Decision> decisions = new ArrayList<>();
        for (StaffDesk.Action action : StaffDesk.Action.values()) {
            if (who.may(action.role) && action.appliesTo(standing.status())) {
                decisions.add(new ConsolePages.Decision(action.wire(), standing.version(), label(action),
                        action.reasonRequired, action == StaffDesk.Action.ISSUE_RESULT));
            }
        }
        Map<String, Object> page = new HashMap<>();
        page.put("app", app);
        page.put("status", standing.status());
        page.put("department", desk.departmentOf(app.serviceId()).orElse("—"));
        page.put("documents", documents);
        page.put("held", held == null ? List.of() : held.referredViews(id));
        page.put("ratings", desk.ratings(who, id));
        page.put("decisions", decisions);
        page.put("resultDecisions", List.copyOf(StaffDesk.RESULT_DECISIONS));
        page.put("audit", desk.auditLog(who, id));
        page.put("token", guard.formToken(ctx));
        ctx.html(ConsolePages.render("application", page));
    }

    /** The ratings summary as a page: one table row per matter, then its poor ratings with the residents' reasons. */
    public void pageRatings(Context ctx) {
        ctx.html(ConsolePages.render("ratings", Map.of("matters", ratingSummary(ctx))));
    }

    private List<RatingRepository.MatterSummary> ratingSummary(Context ctx) {
        try {
            return desk.ratingSummary(staff(ctx));
        } catch (StaffDesk.NotAllowedException e) {
            throw new ForbiddenResponse(e.getMessage());
        }
    }

    public void pageDecide(Context ctx) {
        String id = ctx.pathParam("id");
        decide(ctx, id, ctx.formParam("action"), ctx.formParam("reason"), ctx.formParam("decision"),
                ctx.formParam("version"));
        ctx.redirect("/console/applications/" + url(id), HttpStatus.SEE_OTHER);
    }

    // ---------------------------------------------------------------- helpers

    StaffAccounts.Staff staff(Context ctx) {
        return optionalStaff(ctx).orElseThrow(() -> new UnauthorizedResponse("log in to the staff console first"));
    }

    /** The signed-in member of staff: by bearer token, or on pages (not the JSON API) by session cookie. */
    Optional<StaffAccounts.Staff> optionalStaff(Context ctx) {
        String token = bearer(ctx);
        if (token == null && !ConsoleGuard.bearerOnly(ctx)) {
            token = ctx.cookie(COOKIE);
        }
        return accounts.authenticate(token);
    }

    private static String bearer(Context ctx) {
        return ConsoleGuard.bearer(ctx);
    }

    private JsonNode jsonBody(Context ctx) {
        try {
            JsonNode node = json.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw new BadRequestResponse("expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON");
        }
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    private static String label(StaffDesk.Action action) {
        return switch (action) {
            case ACCEPT -> "受理 Accept";
            case REJECT -> "不予受理 Reject";
            case MORE_MATERIALS -> "补正材料 Ask for more materials";
            case MATERIALS_RECEIVED -> "已收到补正材料 Materials received";
            case ISSUE_RESULT -> "出具结果 Issue result";
        };
    }

    /** The login page, with the form's token (and the pre-login cookie it comes from) and an error if any. */
    String loginPage(Context ctx, String error) {
        Map<String, Object> page = new HashMap<>();
        page.put("error", error);
        page.put("token", guard.loginToken(ctx));
        return ConsolePages.render("login", page);
    }

    /** The form token of the session this page was requested with (null without one). */
    String formToken(Context ctx) {
        return guard.formToken(ctx);
    }

    private static String url(String s) {
        return ConsolePages.url(s);
    }
}
