package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openkiosk.centre.console.ConsolePages;
import org.openkiosk.centre.core.Elicences;
import org.openkiosk.centre.core.StaffAccounts;
import org.openkiosk.centre.core.StaffDesk;
import org.openkiosk.centre.db.ElicenceRepository;
import org.openkiosk.sync.api.CardSession;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.HeldMaterials;

/**
 * E-licences and held materials over HTTP: the kiosk's card sessions and lookups ({@code /api/v1/card-sessions},
 * {@code /api/v1/held-materials}, bearer token), and the console's list, revocation (admins) and the referred
 * licence or document of an application (staff who may see the application).
 */
public final class ElicenceResource {

    /** Card sessions and lookups are small: a body over this is refused unread. */
    static final long MAX_BODY = 16 * 1024;

    private final Elicences elicences;
    private final ConsoleResource console;
    private final StaffDesk desk;
    private final ObjectMapper json;

    public ElicenceResource(Elicences elicences, ConsoleResource console, StaffDesk desk, ObjectMapper json) {
        this.elicences = elicences;
        this.console = console;
        this.desk = desk;
        this.json = json;
    }

    // ------------------------------------------------------------------ kiosk

    /** {@code POST /api/v1/card-sessions}: 201 with the session's token. */
    public void open(Context ctx) {
        CardSession request = body(ctx, CardSession.class);
        try {
            ctx.status(HttpStatus.CREATED).json(elicences.openCardSession(KioskAuth.kioskId(ctx), request));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    /** {@code DELETE /api/v1/card-sessions/current}: 204. */
    public void close(Context ctx) {
        elicences.closeCardSession(KioskAuth.kioskId(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /** {@code POST /api/v1/held-materials}: what the centre holds for the card session's holder; 403 when refused. */
    public void lookup(Context ctx) {
        HeldMaterials request = body(ctx, HeldMaterials.class);
        try {
            ctx.json(elicences.lookup(KioskAuth.kioskId(ctx), request));
        } catch (Elicences.RefusedException e) {
            throw new ForbiddenResponse(e.getMessage());
        }
    }

    private <T> T body(Context ctx, Class<T> type) {
        byte[] body = BodyLimits.read(ctx, MAX_BODY, "request body");
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON");
        }
    }

    // ------------------------------------------------------------------ console

    /** {@code GET /console/api/elicences} (admin): every licence, without its holder. */
    public void apiList(Context ctx) {
        ctx.json(Map.of("elicences", elicences.list(console.staff(ctx)).stream().map(ElicenceResource::wire).toList()));
    }

    /** {@code POST /console/api/elicences/{id}/revoke} {@code {"reason"}} (admin). */
    public void apiRevoke(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(BodyLimits.read(ctx, MAX_BODY, "request body"));
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON");
        }
        revoke(ctx, body == null ? null : body.path("reason").asText(null));
        ctx.json(Map.of("revoked", ctx.pathParam("id")));
    }

    /** {@code GET /console/elicences} (admin): the licences, each with a revoke form. */
    public void page(Context ctx) {
        Map<String, Object> page = new HashMap<>();
        page.put("licences", elicences.list(console.staff(ctx)));
        page.put("token", console.formToken(ctx));
        ctx.html(ConsolePages.render("elicences", page));
    }

    /** {@code POST /console/elicences/{id}/revoke} (admin, the session's form token). */
    public void pageRevoke(Context ctx) {
        revoke(ctx, ctx.formParam("reason"));
        ctx.redirect("/console/elicences", HttpStatus.SEE_OTHER);
    }

    private void revoke(Context ctx, String reason) {
        StaffAccounts.Staff who = console.staff(ctx);
        boolean done;
        try {
            done = elicences.revoke(who, ctx.pathParam("id"), reason);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        if (!done) {
            throw new NotFoundResponse("no e-licence " + ctx.pathParam("id") + " that is not revoked already");
        }
    }

    /**
     * {@code GET /console/applications/{id}/held/{seq}}: the licence's PDF (an attachment) or the earlier application's
     * document a valid reference of the application points at, sandboxed like every document; staff who may see
     * the application only.
     */
    public void content(Context ctx) {
        StaffAccounts.Staff who = console.staff(ctx);
        String id = ctx.pathParam("id");
        int seq;
        try {
            seq = Integer.parseInt(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("the number of a held material must be a whole number");
        }
        if (desk.standing(who, id).isEmpty()) {
            throw new NotFoundResponse("no application " + id);
        }
        Elicences.Content c = elicences.referredContent(who.username(), id, seq)
                .orElseThrow(() -> new NotFoundResponse("no held material " + seq + " of application " + id));
        DocumentPayload doc = new DocumentPayload("held-" + seq, c.fileName(), c.contentType(), c.sha256(), c.bytes());
        SecurityHeaders.document(ctx, doc, SecurityHeaders.servedType(doc));
    }

    /** The held materials of an application as the console's JSON lists them. */
    public List<Map<String, Object>> referred(String applicationId) {
        return elicences.referred(applicationId).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", r.seq());
            m.put("materialId", r.materialId());
            m.put("kind", r.kind());
            m.put("valid", r.valid());
            m.put("note", r.note());
            return m;
        }).toList();
    }

    /** The held materials of an application for its page. */
    public List<Elicences.ReferredView> referredViews(String applicationId) {
        return elicences.referred(applicationId);
    }

    private static Map<String, Object> wire(ElicenceRepository.Licence l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("licenceId", l.licenceId());
        m.put("type", l.type());
        m.put("number", l.number());
        m.put("issuer", l.issuer());
        m.put("issuedOn", l.issuedOn().toString());
        m.put("validUntil", l.validUntil() == null ? null : l.validUntil().toString());
        m.put("source", l.source());
        m.put("applicationId", l.applicationId());
        m.put("revokedAt", l.revokedAt() == null ? null : l.revokedAt().toString());
        m.put("revokedBy", l.revokedBy());
        m.put("revokeReason", l.revokeReason());
        return m;
    }
}
