package org.openkiosk.centre.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.openkiosk.centre.core.ApplicationService;
import org.openkiosk.centre.core.ContentSigner;
import org.openkiosk.centre.core.InvalidSubmissionException;
import org.openkiosk.centre.core.UnsupportedDocumentException;
import org.openkiosk.centre.db.ResultDocument;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.ContentSignature;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.SubmissionReceipt;

/** {@code /api/v1/applications}: kiosks submit here, and ask for an application's status. */
public final class ApplicationResource {

    private final ApplicationService service;
    private final ObjectMapper json;
    private final long maxRequestBytes;
    private final ContentSigner signer;

    public ApplicationResource(ApplicationService service, ObjectMapper json, long maxRequestBytes,
                               ContentSigner signer) {
        this.service = service;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
        this.signer = signer;
    }

    /**
     * 201 with a receipt; 200 with {@code duplicate = true} when the applicationId is already stored; 415 when a
     * document is not JPEG, PNG or PDF or its bytes are not what its type says; 400 for other broken rules.
     */
    public void submit(Context ctx) {
        byte[] body = BodyLimits.read(ctx, maxRequestBytes, "request body");
        ApplicationSubmission app;
        try {
            app = json.readValue(body, ApplicationSubmission.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("unreadable request body: " + e.getMessage());
        }
        if (app != null && app.kioskId() != null && !app.kioskId().equals(KioskAuth.kioskId(ctx))) {
            throw new ForbiddenResponse("application says kiosk " + app.kioskId() + " but the credential is kiosk "
                    + KioskAuth.kioskId(ctx));
        }
        SubmissionReceipt receipt;
        try {
            receipt = service.receive(app);
        } catch (UnsupportedDocumentException e) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(), e.getMessage());
        } catch (InvalidSubmissionException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        ctx.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).json(receipt);
    }

    /** The status of one of the calling kiosk's applications; another kiosk's is 404 like an unknown one. */
    public void status(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(service.status(id, KioskAuth.kioskId(ctx))
                .orElseThrow(() -> new NotFoundResponse("no application " + id)));
    }

    /** {@code GET /api/v1/changes?since=N[&limit=M]}: the calling kiosk's status changes after cursor N. */
    public void changes(Context ctx) {
        long since = parse(ctx.queryParam("since"), 0, "since");
        int limit = (int) Math.min(parse(ctx.queryParam("limit"), 100, "limit"), 500);
        if (limit == 0) {
            throw new BadRequestResponse("limit must be at least 1");
        }
        ctx.json(service.changes(KioskAuth.kioskId(ctx), since, limit));
    }

    /**
     * {@code GET /api/v1/applications/{id}/result}: the result document's bytes, its SHA-256 in a header and the
     * centre's signature of application id and SHA-256 in {@link ContentSignature#HEADER}.
     */
    public void result(Context ctx) {
        String id = ctx.pathParam("id");
        ResultDocument result = service.result(id, KioskAuth.kioskId(ctx))
                .orElseThrow(() -> new NotFoundResponse("no result for application " + id));
        String sha256 = Digests.sha256Hex(result.content()); // what is sent is what is signed
        ctx.header("X-Content-SHA256", sha256);
        ctx.header(ContentSignature.HEADER, signer.signResult(id, sha256));
        ctx.header("Content-Disposition", "attachment; filename=\"" + result.fileName().replace("\"", "") + "\"");
        ctx.contentType(result.contentType()).result(result.content());
    }

    private static long parse(String text, long fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestResponse(name + " must be a whole number >= 0, not '" + text + "'");
    }
}
