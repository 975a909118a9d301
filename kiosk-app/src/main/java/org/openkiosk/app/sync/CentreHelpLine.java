package org.openkiosk.app.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.openkiosk.app.flow.HelpLine;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help over a WebSocket to the kiosk's own centre ({@link Protocol#HELP}), with the kiosk's credential and the
 * centre's trust as every other request ({@link CentreClient#openSocket}). A lost connection is opened again (the
 * request resumed by its id) for up to {@link #GIVE_UP_AFTER}; frames are held to {@link #BYTES_PER_SECOND} on
 * average, one on its way at a time.
 */
public final class CentreHelpLine implements HelpLine {
    private static final Logger LOG = LoggerFactory.getLogger(CentreHelpLine.class);
    /** About 200 kbit/s: what a village link spares next to the kiosk's other traffic. */
    public static final long BYTES_PER_SECOND = 25_000;
    /** A frame may run this far ahead of the average (the first whole screen is the largest). */
    static final long BURST_BYTES = BYTES_PER_SECOND;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    private final CentreClient client;
    private final String hotline;
    private final String place;
    private final LongSupplier nanoClock;

    public CentreHelpLine(CentreClient client, String hotline, String place) {
        this(client, hotline, place, System::nanoTime);
    }

    CentreHelpLine(CentreClient client, String hotline, String place, LongSupplier nanoClock) {
        this.client = client;
        this.hotline = hotline;
        this.place = place;
        this.nanoClock = nanoClock;
    }

    @Override
    public String hotline() {
        return hotline;
    }

    @Override
    public Call call(String step, Listener listener) {
        SocketCall call = new SocketCall(step, listener);
        call.connect();
        return call;
    }

    private final class SocketCall implements Call, WebSocket.Listener {
        private final ObjectMapper json = Json.mapper();
        private final Listener listener;
        private volatile String step;
        private volatile WebSocket socket;
        private volatile boolean finished;
        private volatile boolean everConnected;
        private volatile String requestId;
        private volatile long lostSince;
        private long retryMillis = 1000;
        private final StringBuilder text = new StringBuilder();
        private final AtomicLong sent = new AtomicLong();
        /** Bytes the bucket holds; may run negative after a large frame (the next ones wait until it is paid off). */
        private double tokens = BURST_BYTES;
        private long lastRefill = nanoClock.getAsLong();
        private boolean inFlight;
        /** The JDK's WebSocket takes one send at a time: every send waits for the one before. */
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        SocketCall(String step, Listener listener) {
            this.step = step;
            this.listener = listener;
        }

        void connect() {
            client.openSocket(Protocol.HELP, this, CONNECT_TIMEOUT).whenComplete((ws, failure) -> {
                if (failure != null) {
                    lost(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                } else if (finished) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "ended");
                }
            });
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            everConnected = true;
            retryMillis = 1000;
            lostSince = 0;
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("type", "request");
            request.put("resume", requestId);
            request.put("place", place);
            request.put("step", step);
            sendText(request);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                handle(message);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String message) {
            JsonNode m;
            try {
                m = json.readTree(message);
            } catch (java.io.IOException e) {
                LOG.warn("the help desk sent something that is not JSON");
                return;
            }
            switch (m.path("type").asText("")) {
                case "request" -> requestId = m.path("id").asText(null);
                case "taken" -> listener.taken();
                case "message" -> listener.message(m.path("text").asText(""));
                case "pointer" -> listener.pointer(m.path("x").asDouble(-1), m.path("y").asDouble(-1));
                case "ended" -> {
                    finished = true;
                    listener.ended(m.path("by").asText("staff"));
                }
                case "error" -> LOG.warn("the help desk refused: {}", m.path("error").asText());
                default -> LOG.debug("unknown help message {}", m.path("type").asText());
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            socket = null;
            if (!finished) {
                lost("closed by the centre (" + statusCode + ")");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            socket = null;
            if (!finished) {
                lost(error.toString());
            }
        }

        private void lost(String why) {
            socket = null;
            if (finished) {
                return;
            }
            if (!everConnected) {
                finished = true;
                LOG.info("Remote help: the centre cannot be reached: {}", why);
                listener.unreachable(why);
                return;
            }
            long now = nanoClock.getAsLong();
            if (lostSince == 0) {
                lostSince = now;
                listener.reconnecting();
            } else if (now - lostSince > GIVE_UP_AFTER.toNanos()) {
                finished = true;
                listener.ended("lost");
                return;
            }
            LOG.info("Remote help: connection lost ({}); trying again in {} ms", why, retryMillis);
            long wait = retryMillis;
            retryMillis = Math.min(retryMillis * 2, 10_000);
            CompletableFuture.runAsync(() -> {
                if (!finished) {
                    connect();
                }
            }, CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean sendFrame(byte[] jpeg) {
            WebSocket ws = socket;
            if (finished || ws == null || requestId == null) {
                return false;
            }
            synchronized (this) {
                long now = nanoClock.getAsLong();
                tokens = Math.min(BURST_BYTES, tokens + (now - lastRefill) / 1e9 * BYTES_PER_SECOND);
                lastRefill = now;
                if (inFlight || tokens < 0) {
                    return false;
                }
                tokens -= jpeg.length;
                inFlight = true;
            }
            sent.addAndGet(jpeg.length);
            enqueue(ws, w -> w.sendBinary(ByteBuffer.wrap(jpeg), true)).whenComplete((w, e) -> {
                synchronized (this) {
                    inFlight = false;
                }
            });
            return true;
        }

        @Override
        public void step(String now) {
            step = now;
            if (!finished && socket != null) {
                sendText(Map.of("type", "step", "step", now));
            }
        }

        @Override
        public void end(String reason) {
            if (finished) {
                return;
            }
            finished = true;
            WebSocket ws = socket;
            socket = null;
            if (ws != null) {
                try {
                    String bye = json.writeValueAsString(Map.of("type", "end", "reason", reason));
                    enqueue(ws, w -> w.sendText(bye, true))
                            .thenCompose(w -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "help ended"))
                            .orTimeout(5, TimeUnit.SECONDS)
                            .whenComplete((w, e) -> {
                                if (e != null) {
                                    ws.abort();
                                }
                            });
                } catch (java.io.IOException | RuntimeException e) {
                    ws.abort();
                }
            }
            LOG.info("Remote help ended on the kiosk ({}), {} frame bytes sent", reason, sent.get());
        }

        @Override
        public long bytesSent() {
            return sent.get();
        }

        private void sendText(Map<String, Object> message) {
            WebSocket ws = socket;
            if (ws == null) {
                return;
            }
            try {
                String text = json.writeValueAsString(message);
                enqueue(ws, w -> w.sendText(text, true));
            } catch (java.io.IOException e) {
                LOG.debug("help message not sent: {}", e.toString());
            }
        }

        private synchronized CompletableFuture<Object> enqueue(WebSocket ws,
                java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> send) {
            CompletableFuture<Object> next = tail.handle((x, e) -> null).thenCompose(x -> send.apply(ws))
                    .thenApply(w -> (Object) w);
            tail = next;
            return next;
        }
    }
}
