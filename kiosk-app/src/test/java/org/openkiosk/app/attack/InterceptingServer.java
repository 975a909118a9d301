package org.openkiosk.app.attack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Someone on the network, as plain HTTP on a port of its own: it records every request that reaches it and either
 * answers by itself (an attacker's "centre") or relays each request to the real centre and hands the answer back,
 * changed by a rewrite when it is given one (a man in the middle).
 */
final class InterceptingServer implements AutoCloseable {

    /** A request as it arrived. */
    record Seen(String method, String path, String authorization, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer on its way back to the kiosk. */
    record Answer(String path, int status, Map<String, String> headers, byte[] body) {
        Answer withBody(byte[] newBody) {
            return new Answer(path, status, headers, newBody);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            if (value != null) {
                h.put(name, value);
            }
            return new Answer(path, status, h, body);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding", "date",
            "host", "expect", "upgrade", "keep-alive");

    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<Answer> rewrite = UnaryOperator.identity();

    private InterceptingServer(InetAddress bind, String upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(bind, 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "intercepting-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** An attacker's own server on {@code bind}: it answers 404 to everything and keeps what it was sent. */
    static InterceptingServer attacker(InetAddress bind) throws IOException {
        return new InterceptingServer(bind, null);
    }

    /** A man in the middle on loopback, relaying to {@code centreUrl}. */
    static InterceptingServer relay(String centreUrl) throws IOException {
        return new InterceptingServer(InetAddress.getLoopbackAddress(), centreUrl);
    }

    /** From now on, every answer relayed back passes through {@code change}. */
    void rewrite(UnaryOperator<Answer> change) {
        rewrite = change;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} */
    String url() {
        return "http://127.0.0.1:" + port();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            seen.add(new Seen(exchange.getRequestMethod(), uri.getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Answer answer;
            if (upstream == null) {
                answer = new Answer(uri.getPath(), 404, Map.of("Content-Type", "application/json"),
                        "{\"error\":\"not here\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                answer = rewrite.apply(relay(exchange, uri, body));
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean empty = answer.status() == 304 || answer.status() == 204 || answer.body().length == 0;
            exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
            if (!empty) {
                exchange.getResponseBody().write(answer.body());
            }
        }
    }

    private Answer relay(HttpExchange exchange, URI uri, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((k, values) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(k, v));
            }
        });
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    headers.put(k, v.get(0));
                }
            });
            return new Answer(uri.getPath(), r.statusCode(), headers, r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
