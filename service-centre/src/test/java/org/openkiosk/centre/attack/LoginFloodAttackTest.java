package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;

/**
 * Issue 13 item 7, the unauthenticated endpoints: several threads flood {@code /console/login},
 * {@code /console/api/login} and {@code /api/v1/enrol} with bad passwords and codes while an enrolled
 * kiosk keeps submitting applications. The kiosk's submissions must all succeed promptly (a generous
 * bound, not a micro-timing) and the flood must be answered with {@code 429}. Once from one address,
 * once from many addresses behind a trusted proxy (where no per-address limit helps and only the bound
 * on concurrent password hashing keeps the machine free).
 */
class LoginFloodAttackTest {

    private static final int FLOOD_THREADS = 6;
    private static final int SUBMISSIONS = 15;
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private CentreServer centre;
    private ExecutorService flooders;

    @AfterEach
    void stop() throws Exception {
        if (flooders != null) {
            flooders.shutdownNow();
            flooders.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (centre != null) {
            centre.close();
        }
    }

    @Test
    void floodOfBadLoginsAndEnrolmentsFromOneAddressGets429AndKioskSubmissionsStayPrompt() throws Exception {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                ClientOrigin.direct());

        Outcome outcome = floodWhileSubmitting(false);

        outcome.assertKioskUnharmedAndFloodRefused();
    }

    @Test
    void floodFromManyAddressesBehindATrustedProxyGets429AndKioskSubmissionsStayPrompt() throws Exception {
        centre = CentreServer.start(dataDir, "127.0.0.1", 0, Clock.systemUTC(), FleetSettings.defaults(),
                new ClientOrigin(false, Set.of("127.0.0.1")));

        Outcome outcome = floodWhileSubmitting(true);

        outcome.assertKioskUnharmedAndFloodRefused();
    }

    private record Outcome(List<Integer> submissionStatuses, List<Duration> submissionTimes,
                           Map<Integer, AtomicInteger> floodStatuses) {
        void assertKioskUnharmedAndFloodRefused() {
            assertThat(submissionStatuses).hasSize(SUBMISSIONS).containsOnly(201);
            assertThat(submissionTimes).as("each submission answered within %s during the flood", PROMPT)
                    .allMatch(t -> t.compareTo(PROMPT) < 0);
            assertThat(floodStatuses).as("flood answers %s", floodStatuses).containsKey(429);
            assertThat(floodStatuses.keySet()).as("flood answers %s", floodStatuses).isSubsetOf(401, 403, 429);
        }
    }

    private Outcome floodWhileSubmitting(boolean manyAddresses) throws Exception {
        String kiosk = enrol("K0001");
        Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        flooders = Executors.newFixedThreadPool(FLOOD_THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < FLOOD_THREADS; t++) {
            int thread = t;
            running.add(flooders.submit(() -> {
                int i = 0;
                while (flooding.get()) {
                    i++;
                    HttpRequest.Builder b = switch ((thread + i) % 3) {
                        case 0 -> request("/console/api/login", "application/json",
                                "{\"username\":\"clerk" + i + "\",\"password\":\"guess number " + i + "\"}");
                        case 1 -> request("/console/login", "application/x-www-form-urlencoded",
                                "username=admin&password=guess" + i);
                        default -> request("/api/v1/enrol", "application/json",
                                "{\"code\":\"AAAA-BBBB-CCCC-" + String.format("%04d", i % 10_000) + "\"}");
                    };
                    if (manyAddresses) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        b.header("X-Forwarded-For", "203.0." + r.nextInt(256) + "." + r.nextInt(256));
                    }
                    HttpResponse<Void> answer = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                    floodStatuses.computeIfAbsent(answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(1_500); // the flood is in full swing before the kiosk sends
        List<Integer> statuses = new ArrayList<>();
        List<Duration> times = new ArrayList<>();
        try {
            for (int i = 0; i < SUBMISSIONS; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(request("/api/v1/applications", "application/json",
                        json.writeValueAsString(application(i))).header("Authorization", "Bearer " + kiosk).build(),
                        HttpResponse.BodyHandlers.ofString());
                times.add(Duration.ofNanos(System.nanoTime() - t0));
                statuses.add(r.statusCode());
            }
        } finally {
            flooding.set(false);
        }
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        System.out.printf("flood answers %s; kiosk submissions took %s%n", floodStatuses, times);
        return new Outcome(statuses, times, floodStatuses);
    }

    private String enrol(String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        HttpResponse<String> r = http.send(request("/api/v1/enrol", "application/json", "{\"code\":\"" + code + "\"}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readValue(r.body(), EnrolmentResponse.class).token();
    }

    private static ApplicationSubmission application(int i) {
        return new ApplicationSubmission(UUID.randomUUID().toString(), String.format("K0001-20261203-%04d", i), "K0001",
                "hukou-transfer", "户口迁移", "张三", "110101199003071234", Map.of("address", "北京市东城区"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg",
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10})),
                Instant.now());
    }

    private HttpRequest.Builder request(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(centre.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
