package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.centre.api.ApplicationSummary;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.core.StaffDesk;
import org.openkiosk.centre.core.TooManyAttemptsException;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.RatingRepository;
import org.openkiosk.centre.db.StaffRepository;
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
            ctx.html(page("登录 Staff login", loginForm(ctx, null)));
            return;
        }
        if (!who.get().may(Role.VIEWER) && who.get().may(Role.ADMIN)) {
            ctx.html(page("账户与审计 Accounts and audit log", adminSection(who.get())));
            return;
        }
        List<ApplicationSummary> list;
        try {
            list = desk.list(who.get(), ctx.queryParam("status"), ctx.queryParam("kiosk"), ctx.queryParam("service"),
                    ctx.queryParam("q"));
        } catch (StaffDesk.NotAllowedException e) {
            throw new ForbiddenResponse(e.getMessage());
        }
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=/console/fleet>终端监控 Fleet</a></p>");
        b.append("<p>").append(esc(who.get().username())).append(" (").append(esc(who.get().roles().toString()))
                .append(") <form method=post action=/console/logout style=display:inline>").append(guard.formField(ctx))
                .append("<button>退出 Log out</button></form></p>");
        b.append("<form method=get action=/console>状态 <select name=status><option value=''>全部 all</option>");
        for (String s : List.of("received", "accepted", "more-materials", "rejected", "completed")) {
            b.append("<option").append(s.equals(ctx.queryParam("status")) ? " selected" : "").append(">")
                    .append(s).append("</option>");
        }
        b.append("</select> 终端 kiosk <input name=kiosk value='").append(esc(ctx.queryParam("kiosk")))
                .append("'> 事项 service <input name=service value='").append(esc(ctx.queryParam("service")))
                .append("'> 编号/姓名 <input name=q value='").append(esc(ctx.queryParam("q")))
                .append("'> <button>筛选 Filter</button></form>");
        b.append("<table><tr><th>受理编号</th><th>事项</th><th>申请人</th><th>终端</th><th>状态</th><th>收件时间</th></tr>");
        for (ApplicationSummary a : list) {
            b.append("<tr><td><a href='/console/applications/").append(url(a.applicationId())).append("'>")
                    .append(esc(a.applicationNo())).append("</a></td><td>").append(esc(a.serviceName()))
                    .append("</td><td>").append(esc(a.applicantName())).append("</td><td>").append(esc(a.kioskId()))
                    .append("</td><td>").append(esc(a.status())).append("</td><td>").append(a.receivedAt())
                    .append("</td></tr>");
        }
        b.append("</table><p>").append(list.size()).append(" application(s)</p>");
        b.append("<p><a href=/console/ratings>好差评 Ratings</a></p>");
        if (who.get().may(Role.ADMIN)) {
            b.append(adminSection(who.get()));
        }
        ctx.html(page("办件列表 Applications", b.toString()));
    }

    /** Accounts with their roles and departments, and the latest audit log entries: what an admin sees. */
    private String adminSection(StaffAccounts.Staff admin) {
        StringBuilder b = new StringBuilder("<p>").append(esc(admin.username()))
                .append(" <form method=post action=/console/logout style=display:inline><button>退出 Log out</button></form></p>")
                .append("<h2>账户 Accounts</h2><table><tr><th>用户 User</th><th>角色 Roles</th><th>部门 Departments</th></tr>");
        for (StaffAccounts.AccountView a : accounts.accounts()) {
            b.append("<tr><td>").append(esc(a.username())).append("</td><td>").append(esc(Role.format(a.roles())))
                    .append("</td><td>").append(esc(a.departments().contains("*") ? "all"
                            : String.join(",", new java.util.TreeSet<>(a.departments())))).append("</td></tr>");
        }
        b.append("</table><p>PUT /console/api/staff/{user} {\"password\", \"roles\", \"departments\"}</p>")
                .append("<h2>审计日志 Audit log</h2><ul>");
        for (StaffRepository.AuditEntry e : desk.auditLog(admin, null)) {
            b.append("<li>").append(e.at()).append(" ").append(esc(e.username())).append(" ").append(esc(e.action()))
                    .append(e.applicationId() == null ? "" : " " + esc(e.applicationId()))
                    .append(e.detail() == null ? "" : " " + esc(e.detail())).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    public void pageLogin(Context ctx) {
        if (!guard.loginTokenValid(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN).html(page("登录 Staff login",
                    loginForm(ctx, "登录页面已过期，请重新输入 This login form has expired or is not from this console: log in again")));
            return;
        }
        Optional<String> token;
        try {
            token = accounts.login(ctx.formParam("username"), chars(ctx.formParam("password")));
        } catch (TooManyAttemptsException e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(e.retryAfterSeconds()))
                    .html(page("登录 Staff login", loginForm(ctx, "尝试次数过多，请 " + e.retryAfterSeconds()
                            + " 秒后再试 Too many attempts: try again in " + e.retryAfterSeconds() + " s")));
            return;
        }
        if (token.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(page("登录 Staff login", loginForm(ctx, "用户名或密码错误 Wrong user name or password")));
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
        StringBuilder b = new StringBuilder("<p><a href=/console>← 办件列表 Applications</a></p><table>");
        row(b, "受理编号 No.", app.applicationNo());
        row(b, "状态 Status", standing.status());
        row(b, "事项 Service", app.serviceName() + " (" + app.serviceId() + ")");
        row(b, "部门 Department", desk.departmentOf(app.serviceId()).orElse("—"));
        row(b, "申请人 Applicant", app.applicantName());
        row(b, "证件号码 ID number", app.idNumber());
        row(b, "终端 Kiosk", app.kioskId());
        row(b, "提交时间 Submitted", app.submittedAt().toString());
        app.fields().forEach((k, v) -> row(b, k, v));
        b.append("</table><h2>材料 Documents</h2><ul>");
        for (int i = 0; i < app.documents().size(); i++) {
            DocumentPayload d = app.documents().get(i);
            String type = SecurityHeaders.servedType(d);
            b.append("<li><a href='/console/applications/").append(url(id)).append("/documents/").append(i).append("'>")
                    .append(esc(d.fileName())).append("</a> ").append(esc(d.materialId())).append(", ")
                    .append(d.content().length).append(" bytes, ").append(esc(type));
            if (DocumentTypes.isImage(type)) {
                b.append("<br><img src='/console/applications/").append(url(id)).append("/images/").append(i)
                        .append("' alt='").append(esc(d.fileName())).append("' style='max-width:40em;max-height:30em'>");
            }
            b.append("</li>");
        }
        b.append("</ul><h2>评价 Ratings</h2><ul>");
        for (RatingRepository.StoredRating r : desk.ratings(who, id)) {
            b.append("<li>").append(r.level()).append("/5 ").append(r.ratedAt())
                    .append(r.reason() == null ? "" : " " + esc(r.reason())).append("</li>");
        }
        b.append("</ul><h2>审批 Decide</h2>");
        for (StaffDesk.Action action : StaffDesk.Action.values()) {
            if (!who.may(action.role) || !action.appliesTo(standing.status())) {
                continue;
            }
            b.append("<form method=post action='/console/applications/").append(url(id)).append("/decision'>")
                    .append(guard.formField(ctx)).append("<input type=hidden name=action value=").append(action.wire()).append(">")
                    .append("<input type=hidden name=version value=").append(standing.version()).append(">");
            if (action == StaffDesk.Action.ISSUE_RESULT) {
                b.append("<select name=decision>");
                StaffDesk.RESULT_DECISIONS.forEach(d -> b.append("<option>").append(esc(d)).append("</option>"));
                b.append("</select> ");
            }
            b.append("<input name=reason size=60 placeholder='").append(action.reasonRequired ? "理由（必填）reason" : "备注 note")
                    .append("'> <button>").append(label(action)).append("</button></form>");
        }
        b.append("<h2>记录 Audit log</h2><ul>");
        for (StaffRepository.AuditEntry e : desk.auditLog(who, id)) {
            b.append("<li>").append(e.at()).append(" ").append(esc(e.username())).append(" ").append(esc(e.action()))
                    .append(e.detail() == null ? "" : " " + esc(e.detail())).append("</li>");
        }
        b.append("</ul>");
        ctx.html(page(app.applicationNo(), b.toString()));
    }

    /** The ratings summary as a page: one table row per matter, then its poor ratings with the residents' reasons. */
    public void pageRatings(Context ctx) {
        StringBuilder b = new StringBuilder("<p><a href=/console>← 办件列表 Applications</a></p>");
        b.append("<table><tr><th>事项 Service</th><th>评价数 Ratings</th><th>平均 Average</th><th>5</th><th>4</th><th>3</th>")
                .append("<th>2</th><th>1</th></tr>");
        List<RatingRepository.MatterSummary> matters = ratingSummary(ctx);
        for (RatingRepository.MatterSummary m : matters) {
            b.append("<tr><td>").append(esc(m.serviceName())).append(" (").append(esc(m.serviceId())).append(")</td><td>")
                    .append(m.count()).append("</td><td>").append(m.average()).append("</td>");
            m.levels().values().forEach(n -> b.append("<td>").append(n).append("</td>"));
            b.append("</tr>");
        }
        b.append("</table><h2>差评 Poor ratings</h2><ul>");
        for (RatingRepository.MatterSummary m : matters) {
            for (RatingRepository.StoredRating r : m.poor()) {
                b.append("<li>").append(esc(m.serviceName())).append(" · <a href='/console/applications/")
                        .append(url(r.applicationId())).append("'>").append(esc(r.applicationNo())).append("</a> · ")
                        .append(r.level()).append("/5 · ").append(esc(r.reason())).append("</li>");
            }
        }
        b.append("</ul>");
        ctx.html(page("好差评 Ratings", b.toString()));
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

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    /** The hidden field a page's forms carry: the token of the session the page was requested with. */
    String formField(Context ctx) {
        return guard.formField(ctx);
    }

    /** The login form, with its token (and the pre-login cookie it comes from). */
    String loginForm(Context ctx, String error) {
        return (error == null ? "" : "<p class=error>" + esc(error) + "</p>")
                + "<form method=post action=/console/login>" + guard.loginField(ctx) + "<p>用户名 User <input name=username autofocus></p>"
                + "<p>密码 Password <input name=password type=password></p><button>登录 Log in</button></form>";
    }

    static String page(String title, String body) {
        return "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>" + esc(title) + " · 政务服务中心</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:left}.error{color:#b00}form{margin:.5em 0}</style><h1>" + esc(title) + "</h1>"
                + body + "</html>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
