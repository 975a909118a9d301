package org.openkiosk.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;
import org.openkiosk.sync.api.StatusChange;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.openkiosk.sync.api.UploadStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./kiosk bench centre}: a fleet of simulated kiosks against a running centre. Each kiosk is enrolled through
 * the centre's own enrolment (a code issued on its database as {@code ./kiosk centre enrol} does, traded over HTTP)
 * and then behaves as the kiosk's sync worker does, on the wire protocol: a sync round every minute (pulling its
 * status changes and downloading the results staff issued), a heartbeat every five minutes, and
 * {@value #APPLICATIONS_PER_PEAK_HOUR} applications in the peak hour, each with 2-3 documents uploaded in 256 KB
 * chunks and submitted by reference, sent at once and retried at each round until the centre acknowledges it. Some
 * uploads are cut off after their first chunk (the link dropped) and resumed at the next round from where the
 * centre says it stopped. The run's minutes stand for the peak hour, compressed: every simulated interval is
 * shortened by 60 / minutes. A desk on the centre's database decides half of the acknowledged applications with a
 * result document, which the kiosks download. After the run, the kiosks keep trying what they still hold for up to
 * {@link #DRAIN} (as a kiosk keeps its queue), then every acknowledged application is looked up at the centre.
 *
 * <p>Kiosks are state, not threads: a bounded pool runs whichever kiosks have work, so thousands fit on a small
 * machine (the pool is the number of requests in flight at once).
 */
public final class FleetBench {

    /** Applications a kiosk takes in the peak hour (30 a day, most of them in a few hours). */
    public static final int APPLICATIONS_PER_PEAK_HOUR = 6;
    static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(5);
    static final Duration ROUND_EVERY = Duration.ofMinutes(1);
    static final int CHUNK = Protocol.DEFAULT_CHUNK_BYTES;
    /** Share of document uploads cut off after their first chunk and resumed at the next round. */
    static final double DROPPED_UPLOADS = 0.05;
    static final Duration DRAIN = Duration.ofMinutes(2);
    private static final int RESULT_BYTES = 16 * 1024;

    /**
     * What to run.
     *
     * @param centre     the centre's URL (a proxy's, for several instances)
     * @param data       the centre's embedded database folder, or null with {@code db}
     * @param db         the centre's PostgreSQL JDBC URL, or null with {@code data}
     * @param centrePids the centre's processes for CPU and memory; empty: the one listening on the URL's port when
     *                   that is on this machine, else n/a
     * @param inFlight   requests in flight at once (the pool running the kiosks)
     * @param s3         the centre's S3 object store (its {@code --s3-*} options), or null when the centre keeps the
     *                   documents in its database or folder: the desk's results go there, and the baseline PUTs the
     *                   same documents to it
     */
    public record Options(URI centre, Path data, String db, int kiosks, double minutes, int documentKb,
                          List<Long> centrePids, int inFlight, long seed, int applicationsPerKiosk, boolean baseline,
                          S3Settings s3) {
        public Options {
            if (kiosks < 1 || minutes <= 0 || documentKb < 1 || documentKb > 50 * 1024 || inFlight < 1
                    || applicationsPerKiosk < 1) {
                throw new IllegalArgumentException("--kiosks, --minutes and --document-kb must be positive (documents up"
                        + " to 50 MB)");
            }
            if ((data == null) == (db == null)) {
                throw new IllegalArgumentException("give the centre's database as --data DIR or --db JDBC-URL");
            }
        }

        /** The defaults for what the command line does not say. */
        public static Options of(URI centre, Path data, String db, int kiosks, double minutes, int documentKb,
                                 List<Long> centrePids, int applicationsPerKiosk, boolean baseline) {
            return of(centre, data, db, kiosks, minutes, documentKb, centrePids, applicationsPerKiosk, baseline, null);
        }

        /** The defaults for what the command line does not say, the centre's documents in an S3 store. */
        public static Options of(URI centre, Path data, String db, int kiosks, double minutes, int documentKb,
                                 List<Long> centrePids, int applicationsPerKiosk, boolean baseline, S3Settings s3) {
            return new Options(centre, data, db, kiosks, minutes, documentKb, centrePids, Math.min(kiosks, 64),
                    System.nanoTime(), applicationsPerKiosk, baseline, s3);
        }

        /** Without an object store (the centre keeps documents in its database or folder). */
        public Options(URI centre, Path data, String db, int kiosks, double minutes, int documentKb,
                       List<Long> centrePids, int inFlight, long seed, int applicationsPerKiosk, boolean baseline) {
            this(centre, data, db, kiosks, minutes, documentKb, centrePids, inFlight, seed, applicationsPerKiosk,
                    baseline, null);
        }

        /** Small runs in tests: {@value #APPLICATIONS_PER_PEAK_HOUR} applications a kiosk, no baseline. */
        public Options(URI centre, Path data, String db, int kiosks, double minutes, int documentKb,
                       List<Long> centrePids, int inFlight, long seed) {
            this(centre, data, db, kiosks, minutes, documentKb, centrePids, inFlight, seed, APPLICATIONS_PER_PEAK_HOUR,
                    false, null);
        }

        /** The same, with the centre's S3 object store. */
        public Options withS3(S3Settings store) {
            return new Options(centre, data, db, kiosks, minutes, documentKb, centrePids, inFlight, seed,
                    applicationsPerKiosk, baseline, store);
        }
    }

    /** What a run found: its applications and errors (failed or lost submissions). */
    public record Outcome(long made, long acknowledged, long landed, long errors, long resultsIssued,
                          long resultsDownloaded, long uploadsResumed, List<String> applicationIds,
                          Map<String, List<String>> documentsSent) {
    }

    private final Options o;
    private final PrintStream out;
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Latencies latencies = new Latencies();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resultsDownloaded = new AtomicLong();
    private final ConcurrentLinkedQueue<String> toDecide = new ConcurrentLinkedQueue<>();
    private final AtomicLong resultsIssued = new AtomicLong();
    /** Applications scheduled to be made that have not been yet (a busy pool runs them late). */
    private final AtomicLong makesDue = new AtomicLong();
    private final byte[] filler;
    private final double compression;
    private final String base;
    private volatile long startNanos;
    /** Set when the drain ends: the kiosks' last rounds only pull (results), so nothing sent competes with the count. */
    private volatile boolean sendingOver;

    private FleetBench(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
        this.compression = 60.0 / o.minutes();
        String url = o.centre().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        filler = new byte[o.documentKb() * 1024];
        new Random(o.seed()).nextBytes(filler);
    }

    /** Runs the fleet and prints its figures; the outcome is what tests check. */
    public static Outcome run(Options o, PrintStream out) throws Exception {
        return new FleetBench(o, out).run();
    }

    private Outcome run() throws Exception {
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.data(), o.db(), o.s3())) {
            CentreProcesses processes = CentreProcesses.of(o.centrePids(), o.centre());
            long before = centre.stats().applications();
            out.printf(Locale.ROOT, "fleet bench: %d kiosks against %s, %s min standing for the peak hour (x%.0f),"
                            + " %d applications a kiosk with 2-3 documents of %d KB, a heartbeat every %d s and a sync"
                            + " round every %d s (simulated), %d requests in flight at most%n", o.kiosks(), base,
                    trim(o.minutes()), compression, o.applicationsPerKiosk(), o.documentKb(),
                    HEARTBEAT_EVERY.toSeconds(), ROUND_EVERY.toSeconds(), o.inFlight());
            List<Kiosk> fleet = enrol(centre);
            double cpuBefore = processes.cpuSeconds();
            startNanos = System.nanoTime();
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(o.inFlight(), r -> {
                Thread t = new Thread(r, "fleet-kiosk");
                t.setDaemon(true);
                return t;
            });
            long runMs = (long) (o.minutes() * 60_000);
            long roundMs = Math.max(50, (long) (ROUND_EVERY.toMillis() / compression));
            long heartbeatMs = Math.max(50, (long) (HEARTBEAT_EVERY.toMillis() / compression));
            Random random = new Random(o.seed() + 1);
            for (Kiosk k : fleet) {
                k.heartbeatEveryMs = heartbeatMs;
                k.nextHeartbeatMs = (long) (random.nextDouble() * heartbeatMs);
                long phase = (long) (random.nextDouble() * roundMs);
                // with a fixed delay, as the kiosk's sync worker waits its interval after a round: at a fixed rate a
                // busy pool queued overdue rounds ahead of the applications due (in trigger order), so a saturated run
                // measured the generator's polling backlog (2,000 kiosks: applications made minutes late)
                pool.scheduleWithFixedDelay(() -> k.round(false), phase, roundMs, TimeUnit.MILLISECONDS);
                for (int i = 0; i < o.applicationsPerKiosk(); i++) {
                    makesDue.incrementAndGet();
                    long at = (long) (random.nextDouble() * runMs * 0.9);
                    int documents = 2 + random.nextInt(2);
                    pool.schedule(() -> {
                        k.make(documents);
                        k.round(true);
                    }, at, TimeUnit.MILLISECONDS);
                }
            }
            ScheduledExecutorService desk = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fleet-desk");
                t.setDaemon(true);
                return t;
            });
            desk.scheduleWithFixedDelay(() -> decide(centre), roundMs / 2, roundMs / 2, TimeUnit.MILLISECONDS);

            Thread.sleep(runMs);
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (System.nanoTime() < deadline && (makesDue.get() > 0 || fleet.stream().anyMatch(Kiosk::holdsWork))) {
                Thread.sleep(100);
            }
            long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
            sendingOver = true;
            // the centre's CPU over the same seconds as the throughput (the last rounds and the count come after)
            double cpu = processes.cpuSeconds() - cpuBefore;
            out.printf(Locale.ROOT, "sending over after %.1f s (the run and the drain); the last rounds and the count"
                    + " follow%n", elapsedMs / 1000.0);
            desk.shutdown();
            desk.awaitTermination(30, TimeUnit.SECONDS);
            decide(centre);
            pool.shutdown(); // periodic rounds stop; one last round per kiosk picks up the last results
            pool.awaitTermination(60, TimeUnit.SECONDS);
            lastRounds(fleet);
            long scheduled = (long) o.kiosks() * o.applicationsPerKiosk();
            long made = fleet.stream().mapToLong(Kiosk::made).sum(); // a saturated pool makes some late, after the drain

            List<String> acknowledged = new ArrayList<>();
            fleet.forEach(k -> acknowledged.addAll(k.acknowledgedIds()));
            long landed = landed(fleet);
            long after = centre.stats().applications();
            long failed = scheduled - acknowledged.size(); // not delivered by the end, whatever held them back
            long errors = failed + (acknowledged.size() - landed);
            report(elapsedMs, scheduled, made, acknowledged.size(), landed, after - before, cpu, processes, errors);
            if (o.baseline()) {
                double centrePerSecond = acknowledged.size() / (elapsedMs / 1000.0);
                double jdbc = baseline(fleet, centrePerSecond);
                if (o.s3() != null) {
                    double put = baselineS3(fleet, centrePerSecond);
                    double both = 1 / (1 / jdbc + 1 / put);
                    out.printf(Locale.ROOT, "plain S3 PUT and plain JDBC insert one after the other (computed from the"
                                    + " two): %.1f applications/s; the centre ingested %.1f applications/s, %.0f%% of"
                                    + " that%n", both, centrePerSecond, 100 * centrePerSecond / both);
                }
            }
            Map<String, List<String>> documentsSent = new HashMap<>();
            for (Kiosk k : fleet) {
                synchronized (k) {
                    k.sent.forEach(p -> documentsSent.put(p.applicationId(), p.sha256s()));
                }
            }
            return new Outcome(made, acknowledged.size(), landed, errors, resultsIssued.get(), resultsDownloaded.get(),
                    resumes.get(), acknowledged, Map.copyOf(documentsSent));
        }
    }

    // ------------------------------------------------------------------------------------------------ enrolment

    private List<Kiosk> enrol(CentreServer.Parts centre) throws InterruptedException {
        String run = Long.toString(System.currentTimeMillis() % 46_656L * 1_000 + (o.seed() & 0x3ff), 36)
                .toUpperCase(Locale.ROOT);
        List<Kiosk> fleet = new ArrayList<>();
        long t0 = System.nanoTime();
        AtomicLong inProcess = new AtomicLong();
        var pool = Executors.newFixedThreadPool(Math.min(2, o.kiosks())); // the centre works on 1-2 enrolments at once
        Kiosk[] made = new Kiosk[o.kiosks()];
        CountDownLatch done = new CountDownLatch(o.kiosks());
        for (int i = 0; i < o.kiosks(); i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    String id = "BENCH-" + run + "-" + n;
                    String code = centre.issueEnrolmentCode(id).code();
                    EnrolmentResponse answer = enrolOverHttp(code, n);
                    if (answer == null) { // held back by the per-address limit: the same code, redeemed in-process
                        answer = centre.redeemEnrolmentCode(code).orElseThrow();
                        inProcess.incrementAndGet();
                    }
                    made[n] = new Kiosk(answer.kioskId(), answer.token(), n);
                } catch (Exception e) {
                    out.println("enrolment of kiosk " + n + " failed: " + e.getMessage());
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
        for (Kiosk k : made) {
            if (k == null) {
                throw new IllegalStateException("not every kiosk could be enrolled");
            }
            fleet.add(k);
        }
        out.printf(Locale.ROOT, "enrolled %d kiosks in %.1f s (%d over HTTP, %d redeemed in-process because the centre's"
                        + " per-address limit held them back: start it with --trusted-proxy 127.0.0.1 to enrol all over"
                        + " HTTP)%n", fleet.size(), (System.nanoTime() - t0) / 1e9, fleet.size() - inProcess.get(),
                inProcess.get());
        return fleet;
    }

    /** The code traded over HTTP, as each kiosk from its own address; null when the per-address limit says 429. */
    private EnrolmentResponse enrolOverHttp(String code, int n) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(Map.of("code", code));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + Protocol.ENROL))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = timed("enrol", request, body.length);
        if (r.statusCode() == 429) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException("enrolment answered HTTP " + r.statusCode());
        }
        return json.readValue(r.body(), EnrolmentResponse.class);
    }

    // ------------------------------------------------------------------------------------------------ the desk

    /** Staff at the centre decide half of what arrived: accepted, then completed with a result document. */
    private void decide(CentreServer.Parts centre) {
        byte[] result = new byte[RESULT_BYTES];
        byte[] head = "%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (String id; (id = toDecide.poll()) != null; ) {
            if ((id.hashCode() & 1) != 0) {
                continue;
            }
            try {
                System.arraycopy(head, 0, result, 0, head.length);
                byte[] tag = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(tag, 0, result, head.length, Math.min(tag.length, result.length - head.length));
                centre.decide(id, "accepted", null, null, null, null);
                centre.decide(id, "completed", "办结", "result.pdf", "application/pdf", result);
                resultsIssued.incrementAndGet();
            } catch (RuntimeException e) {
                out.println("desk could not decide " + id + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ one kiosk

    /** One simulated kiosk: its queue and cursor. Its rounds never overlap (as the kiosk's single sync thread). */
    private final class Kiosk {
        final String id;
        final String token;
        final int n;
        final Random random;
        final List<Pending> queue = new ArrayList<>();
        final List<String> acknowledged = new ArrayList<>();
        final List<Pending> sent = new ArrayList<>();
        final Map<String, Boolean> resultsSeen = new HashMap<>();
        long cursor;
        int made;
        int sequence;
        long heartbeatEveryMs;
        long nextHeartbeatMs;
        boolean running;
        boolean again;
        String lastError;
        Instant lastSuccess;

        Kiosk(String id, String token, int n) {
            this.id = id;
            this.token = token;
            this.n = n;
            this.random = new Random(o.seed() * 31 + n);
        }

        synchronized void make(int documents) {
            List<String> tags = new ArrayList<>();
            List<String> sha256s = new ArrayList<>();
            for (int d = 0; d < documents; d++) {
                String tag = id + "/" + made + "/" + d + "/" + o.seed();
                tags.add(tag);
                sha256s.add(Digests.sha256Hex(document(tag)));
            }
            made++;
            queue.add(new Pending(java.util.UUID.randomUUID().toString(),
                    id + "-" + String.format(Locale.ROOT, "%04d", ++sequence), tags, sha256s, Instant.now()));
            makesDue.decrementAndGet();
        }

        synchronized int made() {
            return made;
        }

        synchronized boolean holdsWork() {
            return !queue.isEmpty() || running;
        }

        synchronized List<String> acknowledgedIds() {
            return List.copyOf(acknowledged);
        }

        /** One sync round; a round asked for while one runs runs right after it. */
        void round(boolean urgent) {
            synchronized (this) {
                if (running) {
                    again |= urgent;
                    return;
                }
                running = true;
            }
            try {
                boolean more = true;
                while (more) {
                    roundOnce();
                    synchronized (this) {
                        more = again;
                        again = false;
                    }
                }
            } finally {
                synchronized (this) {
                    running = false;
                }
            }
        }

        private void roundOnce() {
            try {
                List<Pending> pending;
                synchronized (this) {
                    pending = List.copyOf(queue);
                }
                for (Pending p : pending) {
                    if (sendingOver || !send(p)) {
                        break; // the link dropped: the rest waits for the next round, in order
                    }
                }
                long now = (System.nanoTime() - startNanos) / 1_000_000;
                if (now >= nextHeartbeatMs) {
                    heartbeat();
                    nextHeartbeatMs = now + heartbeatEveryMs;
                }
                pull();
                lastSuccess = Instant.now();
                lastError = null;
            } catch (IOException | RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Uploads the documents and submits by reference; false when the round must stop (a dropped upload). */
        private boolean send(Pending p) throws IOException, InterruptedException {
            for (int d = 0; d < p.tags().size(); d++) {
                if (!upload(p.sha256s().get(d), document(p.tags().get(d)))) {
                    return false;
                }
            }
            List<DocumentPayload> refs = new ArrayList<>();
            for (int d = 0; d < p.tags().size(); d++) {
                refs.add(new DocumentPayload("material-" + d, "scan-" + d + ".jpg", "image/jpeg", p.sha256s().get(d), null));
            }
            ApplicationSubmission app = new ApplicationSubmission(p.applicationId(), p.applicationNo(), id, "hukou-transfer",
                    "户口迁移", "张三", "110105199001011234", Map.of("reason", "work"), refs, p.at());
            byte[] body = json.writeValueAsBytes(app);
            HttpResponse<byte[]> r = timed("submit", request(Protocol.APPLICATIONS)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    body.length);
            int status = r.statusCode();
            if (status == 200 || status == 201) {
                SubmissionReceipt receipt = json.readValue(r.body(), SubmissionReceipt.class);
                if (receipt.duplicate()) {
                    duplicates.incrementAndGet();
                }
                synchronized (this) {
                    queue.remove(p);
                    acknowledged.add(p.applicationId());
                    sent.add(p);
                }
                toDecide.add(p.applicationId());
                status(p.applicationId());
                return true;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                refused.incrementAndGet(); // refused for good: a dead letter on a kiosk, an error here
                out.println("kiosk " + id + ": application " + p.applicationId() + " refused with HTTP " + status + ": "
                        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                synchronized (this) {
                    queue.remove(p);
                }
                return true;
            }
            throw new IOException("submit answered HTTP " + status);
        }

        /** Chunks from where the centre stopped; false when this upload is cut off (resumed next round). */
        private boolean upload(String sha256, byte[] content) throws IOException, InterruptedException {
            HttpResponse<byte[]> r = timed("upload-status", request(Protocol.upload(sha256)).GET().build(), 0);
            expect(r, 200, "upload status");
            UploadStatus status = json.readValue(r.body(), UploadStatus.class);
            if (status.received() > 0 && !status.complete()) {
                resumes.incrementAndGet();
            }
            boolean drop = random.nextDouble() < DROPPED_UPLOADS;
            int chunks = 0;
            while (!status.complete()) {
                long offset = status.received();
                int end = (int) Math.min(content.length, offset + CHUNK);
                byte[] chunk = Arrays.copyOfRange(content, (int) offset, end);
                r = timed("upload-chunk", request(Protocol.upload(sha256) + "?offset=" + offset + "&length=" + content.length)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), chunk.length);
                if (r.statusCode() != 200 && r.statusCode() != 409) {
                    throw new IOException("upload chunk answered HTTP " + r.statusCode());
                }
                status = json.readValue(r.body(), UploadStatus.class);
                if (drop && ++chunks == 1 && !status.complete()) {
                    return false; // the link dropped after the first chunk
                }
            }
            return true;
        }

        private void status(String applicationId) throws IOException, InterruptedException {
            HttpResponse<byte[]> r = timed("status", request(Protocol.APPLICATIONS + "/" + applicationId).GET().build(), 0);
            expect(r, 200, "application status");
        }

        private void heartbeat() throws IOException, InterruptedException {
            int pending;
            int acked;
            synchronized (this) {
                pending = queue.size();
                acked = acknowledged.size();
            }
            Heartbeat beat = new Heartbeat(id, pending, acked, lastSuccess, lastError == null ? null
                    : lastError.substring(0, Math.min(200, lastError.length())),
                    Map.of("idcard", "READY", "printer", "READY", "camera", "READY", "@paper", "ok",
                            "@disk-free-mb", "20000", "@version", "bench"), Instant.now());
            byte[] body = json.writeValueAsBytes(beat);
            HttpResponse<byte[]> r = timed("heartbeat", request(Protocol.HEARTBEAT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    body.length);
            expect(r, 200, "heartbeat");
        }

        /** Status changes since the cursor, and the results they announce. */
        private void pull() throws IOException, InterruptedException {
            boolean more = true;
            while (more) {
                HttpResponse<byte[]> r = timed("changes", request(Protocol.CHANGES + "?since=" + cursor).GET().build(), 0);
                expect(r, 200, "changes");
                ChangesPage page = json.readValue(r.body(), ChangesPage.class);
                for (StatusChange c : page.changes()) {
                    if (c.resultAvailable() && !resultsSeen.containsKey(c.applicationId())) {
                        HttpResponse<byte[]> result = timed("result", request(
                                Protocol.applicationResult(c.applicationId())).GET().build(), 0);
                        expect(result, 200, "result");
                        if (c.resultSha256() != null && !c.resultSha256().equalsIgnoreCase(Digests.sha256Hex(result.body()))) {
                            throw new IOException("result of " + c.applicationId() + " arrived damaged");
                        }
                        resultsSeen.put(c.applicationId(), true);
                        resultsDownloaded.incrementAndGet();
                    }
                }
                cursor = page.cursor();
                more = page.more();
            }
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60));
        }
    }

    /** An application the kiosk holds until the centre acknowledges it. */
    private record Pending(String applicationId, String applicationNo, List<String> tags, List<String> sha256s,
                           Instant at) {
    }

    /**
     * A document's bytes, made again whenever needed (so thousands of queued applications hold no scans in memory):
     * a JPEG's first bytes, the document's own tag (so every document differs), the run's random filler.
     */
    private byte[] document(String tag) {
        byte[] doc = filler.clone();
        doc[0] = (byte) 0xFF;
        doc[1] = (byte) 0xD8;
        doc[2] = (byte) 0xFF;
        byte[] t = tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, doc, 3, Math.min(t.length, doc.length - 3));
        return doc;
    }

    // ------------------------------------------------------------------------------------------------ figures

    private HttpResponse<byte[]> timed(String endpoint, HttpRequest request, long bodyBytes)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        requests.incrementAndGet();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            sent.addAndGet(bodyBytes);
            received.addAndGet(r.body() == null ? 0 : r.body().length);
            if (r.statusCode() >= 500) {
                latencies.failed(endpoint, "HTTP " + r.statusCode());
            } else {
                latencies.record(endpoint, (System.nanoTime() - t0) / 1_000_000);
            }
            return r;
        } catch (IOException e) {
            latencies.failed(endpoint, e.getClass().getSimpleName());
            throw e;
        }
    }

    private static void expect(HttpResponse<byte[]> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + " answered HTTP " + r.statusCode());
        }
    }

    private void lastRounds(List<Kiosk> fleet) {
        var pool = Executors.newFixedThreadPool(Math.min(o.inFlight(), fleet.size()));
        fleet.forEach(k -> pool.execute(() -> k.round(false)));
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every acknowledged application looked up at the centre by its kiosk: how many are there. */
    private long landed(List<Kiosk> fleet) throws InterruptedException {
        AtomicLong landed = new AtomicLong();
        var pool = Executors.newFixedThreadPool(Math.min(o.inFlight(), 16));
        for (Kiosk k : fleet) {
            for (String id : k.acknowledgedIds()) {
                pool.execute(() -> {
                    for (int attempt = 0; attempt < 5; attempt++) {
                        try {
                            try {
                                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base
                                                + Protocol.APPLICATIONS + "/" + id)).header("Authorization", "Bearer "
                                                + k.token).timeout(Duration.ofSeconds(30)).build(),
                                        HttpResponse.BodyHandlers.ofByteArray());
                                if (r.statusCode() == 200) {
                                    landed.incrementAndGet();
                                }
                                if (r.statusCode() < 500) {
                                    return;
                                }
                            } catch (IOException e) {
                                // try again
                            }
                            Thread.sleep(1000L << attempt); // a loaded centre: 1, 2, 4, 8 s
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return landed.get();
    }

    private void report(long elapsedMs, long scheduled, long made, long acknowledged, long landed, long centreCountDelta, double cpu,
                        CentreProcesses processes, long errors) {
        double seconds = elapsedMs / 1000.0;
        out.printf(Locale.ROOT, "%-14s %9s %7s %8s %8s %8s%n", "endpoint", "requests", "failed", "p50 ms", "p99 ms",
                "max ms");
        for (Latencies.Summary s : latencies.summaries()) {
            out.printf(Locale.ROOT, "%-14s %9d %7d %8d %8d %8d%n", s.endpoint(), s.count(), s.failures(), s.p50(), s.p99(),
                    s.max());
        }
        Map<String, Long> causes = latencies.failureCauses();
        if (!causes.isEmpty()) { // retried by the kiosks; what they were says where the load broke
            List<String> each = new ArrayList<>();
            causes.forEach((cause, n) -> each.add(cause + " " + n));
            out.println("failed requests by cause: " + String.join(", ", each));
        }
        out.printf(Locale.ROOT, "applications %d scheduled, %d made, %d acknowledged (%d answered as duplicates), %d"
                        + " refused, in %.1f s: %.1f applications/s%n", scheduled, made, acknowledged, duplicates.get(),
                refused.get(), seconds, acknowledged / seconds);
        out.printf(Locale.ROOT, "landed %d of %d acknowledged (the centre's count rose by %d)%n", landed, acknowledged,
                centreCountDelta);
        out.printf(Locale.ROOT, "results %d issued, %d downloaded; uploads resumed %d%n", resultsIssued.get(),
                resultsDownloaded.get(), resumes.get());
        out.printf(Locale.ROOT, "requests %d (%.0f/s), bytes sent %.1f MB (%.1f MB/s), received %.1f MB%n", requests.get(),
                requests.get() / seconds, sent.get() / 1e6, sent.get() / 1e6 / seconds, received.get() / 1e6);
        if (processes.known()) {
            out.printf(Locale.ROOT, "centre cpu %.1f s (%.2f cores), memory %d MB (peak %d MB), processes %s%n", cpu,
                    cpu / seconds, processes.memoryKb("VmRSS") / 1024, processes.memoryKb("VmHWM") / 1024,
                    processes.describe());
        } else {
            out.println("centre cpu n/a, memory n/a (not on this machine: give --centre-pid)");
        }
        out.println("errors " + errors);
        out.flush();
    }

    /**
     * The same rows (each acknowledged application with its documents, one transaction each, as many writers at once
     * as requests in flight) inserted by plain JDBC into temporary tables of the same database: how fast the database
     * alone takes them, beside the centre's ingest. With an object store the centre's database keeps only each
     * document's metadata (object key, size, SHA-256), so that is what the rows hold then; without one, the bytes.
     *
     * @return the plain rate in applications a second
     */
    private double baseline(List<Kiosk> fleet, double centrePerSecond) throws Exception {
        boolean metadataOnly = o.s3() != null;
        String url = o.db() != null ? o.db() : "jdbc:sqlite:" + o.data().resolve("centre.db").toAbsolutePath();
        List<Pending> rows = new ArrayList<>();
        for (Kiosk k : fleet) {
            synchronized (k) {
                k.sent.forEach(rows::add);
            }
        }
        var pool = Executors.newFixedThreadPool(o.db() != null ? o.inFlight() : 1);
        java.util.concurrent.ConcurrentLinkedQueue<Pending> work = new java.util.concurrent.ConcurrentLinkedQueue<>(rows);
        AtomicLong bytes = new AtomicLong();
        List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < (o.db() != null ? o.inFlight() : 1); w++) {
            writers.add(pool.submit(() -> {
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("CREATE TEMP TABLE IF NOT EXISTS bench_applications (application_id TEXT PRIMARY KEY,"
                                + " application_no TEXT, kiosk_id TEXT, service_id TEXT, applicant_name TEXT, id_number TEXT,"
                                + " fields TEXT, submitted_at TEXT, received_at TEXT, status TEXT)");
                        st.execute("CREATE TEMP TABLE IF NOT EXISTS bench_documents (application_id TEXT, seq INTEGER,"
                                + " material_id TEXT, file_name TEXT, content_type TEXT, sha256 TEXT, content "
                                + (o.db() != null ? "BYTEA" : "BLOB") + ", object_key TEXT, size BIGINT)");
                    }
                    c.setAutoCommit(false);
                    for (Pending p; (p = work.poll()) != null; ) {
                        try (java.sql.PreparedStatement a = c.prepareStatement(
                                "INSERT INTO bench_applications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                             java.sql.PreparedStatement d = c.prepareStatement(
                                     "INSERT INTO bench_documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            String[] values = {p.applicationId(), p.applicationNo(), "BENCH", "hukou-transfer", "张三",
                                    "110105199001011234", "{\"reason\":\"work\"}", p.at().toString(),
                                    Instant.now().toString(), "received"};
                            for (int i = 0; i < values.length; i++) {
                                a.setString(i + 1, values[i]);
                            }
                            a.executeUpdate();
                            for (int i = 0; i < p.tags().size(); i++) {
                                String sha256 = p.sha256s().get(i);
                                d.setString(1, p.applicationId());
                                d.setInt(2, i);
                                d.setString(3, "material-" + i);
                                d.setString(4, "scan-" + i + ".jpg");
                                d.setString(5, "image/jpeg");
                                d.setString(6, sha256);
                                if (metadataOnly) {
                                    d.setBytes(7, null);
                                    d.setString(8, "sha256/" + sha256.substring(0, 2) + "/" + sha256);
                                    d.setLong(9, o.documentKb() * 1024L);
                                } else {
                                    byte[] doc = document(p.tags().get(i));
                                    d.setBytes(7, doc);
                                    d.setNull(8, java.sql.Types.VARCHAR);
                                    d.setLong(9, doc.length);
                                    bytes.addAndGet(doc.length);
                                }
                                d.executeUpdate();
                            }
                            c.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (var w : writers) {
            w.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double perSecond = rows.size() / seconds;
        out.printf(Locale.ROOT, "plain JDBC insert of the same %d applications (%s) into temporary"
                        + " tables of the same database: %.1f s, %.1f applications/s%s; the centre ingested"
                        + " %.1f applications/s over the run (the offered load), %.0f%% of the database's plain rate%n",
                rows.size(), metadataOnly ? "their documents' metadata only, as the centre's database keeps with an"
                        + " object store" : String.format(Locale.ROOT, "%.1f MB of documents", bytes.get() / 1e6),
                seconds, perSecond, metadataOnly ? "" : String.format(Locale.ROOT, ", %.1f MB/s",
                        bytes.get() / 1e6 / seconds), centrePerSecond, 100 * centrePerSecond / perSecond);
        return perSecond;
    }

    /**
     * The same documents PUT plainly (one request each, no read-back, as many writers at once as requests in flight)
     * to the centre's own S3 object store, under {@code bench-baseline/} (deleted after): how fast the store alone
     * takes the bytes, beside the centre's ingest.
     *
     * @return the plain rate in applications a second
     */
    private double baselineS3(List<Kiosk> fleet, double centrePerSecond) throws Exception {
        List<Pending> rows = new ArrayList<>();
        for (Kiosk k : fleet) {
            synchronized (k) {
                k.sent.forEach(rows::add);
            }
        }
        S3Settings s = o.s3();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(s.endpoint())
                .region(Region.of(s.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s.accessKey(), s.secretKey())))
                .forcePathStyle(true)
                // Ceph 16 refuses the SDK's newer CRC checksums (HTTP 400): only where an API requires one
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(o.inFlight()))
                .build()) {
            var pool = Executors.newFixedThreadPool(o.inFlight());
            ConcurrentLinkedQueue<Pending> work = new ConcurrentLinkedQueue<>(rows);
            ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
            AtomicLong bytes = new AtomicLong();
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int w = 0; w < o.inFlight(); w++) {
                writers.add(pool.submit(() -> {
                    for (Pending p; (p = work.poll()) != null; ) {
                        for (int i = 0; i < p.tags().size(); i++) {
                            byte[] doc = document(p.tags().get(i));
                            String key = "bench-baseline/" + p.sha256s().get(i);
                            s3.putObject(b -> b.bucket(s.bucket()).key(key).contentType("image/jpeg"),
                                    RequestBody.fromBytes(doc));
                            keys.add(key);
                            bytes.addAndGet(doc.length);
                        }
                    }
                    return null;
                }));
            }
            try {
                for (var w : writers) {
                    w.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double perSecond = rows.size() / seconds;
            out.printf(Locale.ROOT, "plain S3 PUT of the same %d applications' documents (%d objects, %.1f MB) to the"
                            + " same object store (%s, bucket %s): %.1f s, %.1f applications/s, %.1f MB/s; the centre"
                            + " ingested %.1f applications/s over the run (the offered load), %.0f%% of the store's"
                            + " plain rate%n", rows.size(), keys.size(), bytes.get() / 1e6, s.endpoint(), s.bucket(),
                    seconds, perSecond, bytes.get() / 1e6 / seconds, centrePerSecond,
                    100 * centrePerSecond / perSecond);
            var deleters = Executors.newFixedThreadPool(o.inFlight()); // one by one: 5,000 in a row take minutes
            try {
                List<java.util.concurrent.Future<?>> deletes = new ArrayList<>();
                for (String key : keys) {
                    deletes.add(deleters.submit(() -> s3.deleteObject(b -> b.bucket(s.bucket()).key(key))));
                }
                for (var d : deletes) {
                    d.get();
                }
            } finally {
                deleters.shutdown();
            }
            return perSecond;
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

}
