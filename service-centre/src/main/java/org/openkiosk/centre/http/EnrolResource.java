package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import org.openkiosk.centre.core.ContentSigner;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.sync.api.EnrolmentRequest;

/** {@code POST /api/v1/enrol}: a one-time code for the kiosk's credential and the centre's signing key. */
public final class EnrolResource {

    private final Enrolment enrolment;
    private final ObjectMapper json;
    private final ContentSigner signer;

    public EnrolResource(Enrolment enrolment, ObjectMapper json, ContentSigner signer) {
        this.enrolment = enrolment;
        this.json = json;
        this.signer = signer;
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
                .orElseThrow(() -> new ForbiddenResponse("enrolment code is unknown, already used or expired"))
                .withSigningKey(signer.publicKey())); // the key the kiosk checks the catalogue and results with
    }
}
