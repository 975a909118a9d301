package org.openkiosk.centre.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Locale;
import org.openkiosk.centre.db.UploadRepository;
import org.openkiosk.sync.api.Protocol;

/**
 * {@code /api/v1/uploads/{sha256}}: documents in chunks. {@code GET} says how many bytes arrived;
 * {@code PUT ?offset=N&length=L} with the raw bytes appends a chunk when {@code N} is exactly that
 * many (else 409 with the current status, so the kiosk resumes from there). The last chunk is
 * verified against the SHA-256 (422 and a fresh start when it does not match).
 */
public final class UploadResource {

    private final UploadRepository uploads;
    private final long maxDocumentBytes;
    private final Clock clock;

    public UploadResource(UploadRepository uploads, long maxDocumentBytes, Clock clock) {
        this.uploads = uploads;
        this.maxDocumentBytes = maxDocumentBytes;
        this.clock = clock;
    }

    public void status(Context ctx) {
        ctx.json(uploads.status(KioskAuth.kioskId(ctx), sha256(ctx)));
    }

    public void put(Context ctx) {
        String kioskId = KioskAuth.kioskId(ctx);
        String sha256 = sha256(ctx);
        long offset = number(ctx, "offset");
        long length = number(ctx, "length");
        if (length > maxDocumentBytes) {
            throw new ContentTooLargeResponse("document of " + length + " bytes is over the " + maxDocumentBytes
                    + " byte limit");
        }
        byte[] data = BodyLimits.read(ctx, Protocol.MAX_CHUNK_BYTES, "chunk");
        UploadRepository.ChunkResult result;
        try {
            result = uploads.append(kioskId, sha256, length, offset, data, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        switch (result.outcome()) {
            case STORED -> ctx.json(result.status());
            case WRONG_OFFSET -> ctx.status(HttpStatus.CONFLICT).json(result.status());
            case DIGEST_MISMATCH -> ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(
                    new org.openkiosk.sync.api.ApiError("the uploaded bytes do not match sha256 " + sha256
                            + "; the upload starts over"));
            default -> throw new IllegalStateException(result.outcome().toString());
        }
    }

    private static String sha256(Context ctx) {
        String sha256 = ctx.pathParam("sha256");
        if (!Protocol.isSha256Hex(sha256)) {
            throw new BadRequestResponse("an upload is named by the document's SHA-256 (64 hex digits), not '"
                    + (sha256.length() > 80 ? sha256.substring(0, 80) + "..." : sha256) + "'");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    private static long number(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            throw new BadRequestResponse("query parameter " + name + " is missing");
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("query parameter " + name + " must be a whole number >= 0, not '" + text + "'");
        }
    }
}
