package org.openkiosk.centre.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.openkiosk.centre.core.ApplicationService;
import org.openkiosk.centre.core.InvalidSubmissionException;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;

/** {@code /api/v1/applications}: kiosks submit here, and ask for an application's status. */
public final class ApplicationResource {

    private final ApplicationService service;
    private final ObjectMapper json;
    private final long maxRequestBytes;

    public ApplicationResource(ApplicationService service, ObjectMapper json, long maxRequestBytes) {
        this.service = service;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** 201 with a receipt; 200 with {@code duplicate = true} when the applicationId is already stored. */
    public void submit(Context ctx) {
        if (ctx.contentLength() > maxRequestBytes) {
            throw new ContentTooLargeResponse("request body of " + ctx.contentLength() + " bytes is over the "
                    + maxRequestBytes + " byte limit");
        }
        ApplicationSubmission app;
        try {
            app = json.readValue(ctx.bodyAsBytes(), ApplicationSubmission.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("unreadable request body: " + e.getMessage());
        }
        SubmissionReceipt receipt;
        try {
            receipt = service.receive(app);
        } catch (InvalidSubmissionException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        ctx.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).json(receipt);
    }

    public void status(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(service.status(id).orElseThrow(() -> new NotFoundResponse("no application " + id)));
    }
}
