package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.sync.api.EnrolmentRequest;

/** {@code POST /api/v1/enrol}: a one-time code for the kiosk's credential. */
public final class EnrolResource {

    private final Enrolment enrolment;
    private final ObjectMapper json;

    public EnrolResource(Enrolment enrolment, ObjectMapper json) {
        this.enrolment = enrolment;
        this.json = json;
    }

    public void enrol(Context ctx) {
        EnrolmentRequest request;
        try {
            request = json.readValue(ctx.bodyAsBytes(), EnrolmentRequest.class);
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON: expected {\"code\": \"...\"}");
        }
        if (request == null || request.code() == null || request.code().isBlank()) {
            throw new BadRequestResponse("code is missing");
        }
        ctx.json(enrolment.enrol(request.code())
                .orElseThrow(() -> new ForbiddenResponse("enrolment code is unknown, already used or expired")));
    }
}
