package org.openkiosk.centre.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import org.openkiosk.centre.core.InvalidSubmissionException;
import org.openkiosk.centre.core.RatingService;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;

/**
 * {@code POST /api/v1/ratings}: a kiosk sends a resident's rating of one of its own applications.
 * 201 when stored, 200 with {@code duplicate = true} when the ratingId was already stored; a rating
 * naming another kiosk 403, of an application that is not the kiosk's 404, breaking a rule 400, over
 * {@value #MAX_BODY_BYTES} bytes 413. The latest rating of an application is its one rating (see
 * {@link org.openkiosk.centre.db.RatingRepository#insertIfAbsent}).
 */
public final class RatingResource {

    /** A rating is a few hundred bytes; anything much larger is not one. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    private final RatingService service;
    private final ObjectMapper json;

    public RatingResource(RatingService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    public void rate(Context ctx) {
        String kioskId = KioskAuth.kioskId(ctx);
        byte[] body = BodyLimits.read(ctx, MAX_BODY_BYTES, "a rating");
        RatingSubmission rating;
        try {
            rating = json.readValue(body, RatingSubmission.class);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("unreadable request body: " + e.getMessage());
        }
        if (rating != null && rating.kioskId() != null && !rating.kioskId().equals(kioskId)) {
            throw new ForbiddenResponse("rating says kiosk " + rating.kioskId() + " but the credential is kiosk "
                    + kioskId);
        }
        RatingReceipt receipt;
        try {
            receipt = service.receive(rating, kioskId);
        } catch (InvalidSubmissionException e) {
            throw new BadRequestResponse(e.getMessage());
        } catch (RatingService.UnknownApplicationException e) {
            throw new NotFoundResponse(e.getMessage());
        }
        ctx.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).json(receipt);
    }
}
