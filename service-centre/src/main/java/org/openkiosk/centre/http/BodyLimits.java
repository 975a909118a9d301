package org.openkiosk.centre.http;

import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openkiosk.sync.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies held to their limits however they travel: with a declared {@code Content-Length}, chunked
 * ({@code Transfer-Encoding: chunked}, no length) or as multipart parts. Two layers: {@link #serverLimit} in
 * front of every route counts the bytes as they arrive and stops at the route's limit (a declared length
 * over it is answered 413 before a byte is read), which also holds what Javalin parses itself (forms,
 * multipart); {@link #read} is how a resource reads its body, never holding more than its limit in memory.
 */
public final class BodyLimits {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);

    private BodyLimits() {
    }

    /** What a body sent to an endpoint open to anyone (enrolment, console login and logout) may weigh. */
    public static final long OPEN_ENDPOINT_BYTES = 16 * 1024;

    /**
     * The Jetty handler that holds every request body to its route's limit: {@link #OPEN_ENDPOINT_BYTES} for the
     * endpoints open to anyone, an upload chunk's for uploads, a rating's for ratings, {@code maxBytes} for
     * the rest.
     */
    public static Handler.Wrapper serverLimit(long maxBytes) {
        return new ServerLimit(path -> limitFor(path, maxBytes));
    }

    static long limitFor(String path, long maxBytes) {
        if (path == null) {
            return maxBytes;
        }
        return switch (path) {
            case Protocol.ENROL, "/console/login", "/console/logout", "/console/api/login", "/console/api/logout" ->
                    OPEN_ENDPOINT_BYTES;
            case Protocol.RATINGS -> RatingResource.MAX_BODY_BYTES;
            default -> path.startsWith(Protocol.UPLOADS) ? Protocol.MAX_CHUNK_BYTES : maxBytes;
        };
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
                throw tooLarge(what, "more than " + maxBytes + " bytes", maxBytes);
            }
            throw new io.javalin.http.BadRequestResponse("unreadable request body: " + e.getMessage());
        }
        return body.toByteArray();
    }

    /** True when {@code e} or one of its causes is the 413 of {@link #serverLimit}. */
    public static boolean isTooLarge(Throwable e) {
        return tooLargeReason(e) != null;
    }

    /** The reason of the 413 of {@link #serverLimit} among {@code e} and its causes; null when there is none. */
    public static String tooLargeReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h && h.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
                return h.getReason() != null ? h.getReason() : "request body is too large";
            }
        }
        return null;
    }

    private static ContentTooLargeResponse tooLarge(String what, String size, long maxBytes) {
        return new ContentTooLargeResponse(what + " of " + size + " is over the " + maxBytes + " byte limit");
    }

    /**
     * Like Jetty's {@code SizeLimitHandler}, with the limit chosen by the request's path: a declared length over
     * it is answered 413 (the API's JSON, connection closed) before a byte is read; bytes arriving past it fail
     * the request's content with a 413 {@link HttpException}, which the routes' error handling turns into 413.
     */
    private static final class ServerLimit extends Handler.Wrapper {
        private final ToLongFunction<String> limits;

        ServerLimit(ToLongFunction<String> limits) {
            this.limits = limits;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            long limit = limits.applyAsLong(Request.getPathInContext(request));
            HttpField length = request.getHeaders().getField(HttpHeader.CONTENT_LENGTH);
            if (length != null && length.getLongValue() > limit) {
                long declared = length.getLongValue();
                LOG.debug("{} {} refused with 413: declared body of {} bytes", request.getMethod(),
                        Request.getPathInContext(request), declared);
                if (declared <= DRAIN_UP_TO) {
                    // a body a little too large (an honest client's mistake) is read and dropped first, so the
                    // client, still sending, reads the 413 instead of a reset connection, and the connection stays
                    Content.Source.consumeAll(request, Callback.from(
                            () -> refuse(response, declared, limit, false, callback), callback::failed));
                } else {
                    refuse(response, declared, limit, true, callback); // not read at all: closed after the answer
                }
                return true;
            }
            return super.handle(new Counted(request, limit), response, callback);
        }
    }

    /** A declared body up to this size over its limit is read and dropped before the 413; a larger one is not read. */
    static final long DRAIN_UP_TO = 1024 * 1024;

    private static void refuse(Response response, long declared, long limit, boolean close, Callback callback) {
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE_413);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        Content.Sink.write(response, true, "{\"error\":\"request body of " + declared + " bytes is over the " + limit
                + " byte limit\"}", callback);
    }

    /** A request whose content fails with 413 once more than {@code limit} bytes arrived. */
    private static final class Counted extends Request.Wrapper {
        private final long limit;
        private long read;

        Counted(Request wrapped, long limit) {
            super(wrapped);
            this.limit = limit;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk == null || chunk.getFailure() != null) {
                return chunk;
            }
            java.nio.ByteBuffer content = chunk.getByteBuffer();
            if (content != null && content.remaining() > 0) {
                read += content.remaining();
                if (read > limit) {
                    chunk.release();
                    HttpException.RuntimeException e = new HttpException.RuntimeException(
                            HttpStatus.PAYLOAD_TOO_LARGE_413, "request body is over the " + limit + " byte limit");
                    getWrapped().fail(e);
                    return null;
                }
            }
            return chunk;
        }
    }
}
