package org.openkiosk.centre.http;

import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies held to their limits however they travel: with a declared {@code Content-Length}, chunked
 * ({@code Transfer-Encoding: chunked}, no length) or as multipart parts. Two layers: {@link #serverLimit} in
 * front of every route counts the bytes as they arrive and stops at the centre's limit (a declared length
 * over it is answered 413 before a byte is read); {@link #read} gives a route its own, smaller limit and
 * never holds more than that in memory.
 */
public final class BodyLimits {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);

    private BodyLimits() {
    }

    /** The Jetty handler that holds every request body to {@code maxBytes}. */
    public static SizeLimitHandler serverLimit(long maxBytes) {
        return new JsonSizeLimitHandler(maxBytes);
    }

    /**
     * The body, at most {@code maxBytes} of it: 413 as soon as a declared length or the bytes read pass the
     * limit, without reading the rest.
     */
    public static byte[] read(Context ctx, long maxBytes, String what) {
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            throw tooLarge(what, declared + " bytes", maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = ctx.bodyInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (body.size() + (long) n > maxBytes) {
                    throw tooLarge(what, "more than " + maxBytes + " bytes", maxBytes);
                }
                body.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (isTooLarge(e)) {
                throw tooLarge(what, "more than the centre's limit", maxBytes);
            }
            throw new io.javalin.http.BadRequestResponse("unreadable request body: " + e.getMessage());
        }
        return body.toByteArray();
    }

    /** True when {@code e} or one of its causes is the 413 of {@link #serverLimit}. */
    public static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h && h.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                return true;
            }
        }
        return false;
    }

    private static ContentTooLargeResponse tooLarge(String what, String size, long maxBytes) {
        return new ContentTooLargeResponse(what + " of " + size + " is over the " + maxBytes + " byte limit");
    }

    /** Jetty's {@link SizeLimitHandler}, answering a declared length over the limit in the API's JSON and closing. */
    private static final class JsonSizeLimitHandler extends SizeLimitHandler {
        private final long maxBytes;

        JsonSizeLimitHandler(long maxBytes) {
            super(maxBytes, -1);
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            HttpField length = request.getHeaders().getField(HttpHeader.CONTENT_LENGTH);
            if (length != null && length.getLongValue() > maxBytes) {
                LOG.debug("{} {} refused with 413: declared body of {} bytes", request.getMethod(),
                        Request.getPathInContext(request), length.getLongValue());
                response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE_413);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                Content.Sink.write(response, true, "{\"error\":\"request body of " + length.getLongValue()
                        + " bytes is over the " + maxBytes + " byte limit\"}", callback);
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
