package org.openkiosk.app.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.CatalogueUpdate;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.ContentSignature;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.EnrolmentRequest;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.HeartbeatAnswer;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.openkiosk.sync.api.UploadStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's side of the sync protocol: HTTP to the service centre's {@link Protocol} paths, every
 * request but enrolment and health carrying the kiosk's bearer token. Over TLS the centre's
 * certificate must satisfy the {@link CentreTrust} (CA file, pin); the catalogue and result
 * documents must carry the centre's signature ({@link ContentSignature}) made with the key learned
 * at enrolment, or they are refused ({@link UntrustedContentException}) and noted in
 * {@link #refusals()} for the heartbeat.
 */
public final class CentreClient {

    private static final Logger LOG = LoggerFactory.getLogger(CentreClient.class);

    /**
     * How long the kiosk waits for its centre, to connect and for each whole request: the one value for the kiosk's
     * sync thread, {@code ./kiosk sync} and {@code ./kiosk enrol}. A request carries at most one document chunk
     * ({@link Protocol#DEFAULT_CHUNK_BYTES}, 256 KiB: about 17 KB/s is enough), and closing the kiosk waits for the
     * request under way, which must end within the launcher's 20 s grace before the process is halted.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String baseUrl;
    private final Duration timeout;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = Json.mapper();
    private final PublicKey signingKey;
    private final String unbound;
    private final ContentRefusals refusals = new ContentRefusals();
    private final java.util.concurrent.atomic.AtomicBoolean toldToEnrolAgain = new java.util.concurrent.atomic.AtomicBoolean();

    /** A client without a credential: enough for {@link #enrol} and {@link #healthy}. */
    public CentreClient(URI baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /**
     * A client that trusts the system's CAs and has no signing key: it sends, but refuses every catalogue and result
     * (use {@link #of} for an enrolled kiosk).
     *
     * @param baseUrl the centre, e.g. {@code https://centre.example} (a path prefix is kept)
     * @param timeout for connecting and for each whole request
     * @param token   the kiosk's bearer token ({@link KioskCredential#token()}); null for none
     */
    public CentreClient(URI baseUrl, Duration timeout, String token) {
        this(baseUrl, timeout, token, CentreTrust.SYSTEM, null);
    }

    /**
     * @param trust      whom to believe over TLS
     * @param signingKey the centre's public key from enrolment ({@link KioskCredential#signingKey()}); null: every
     *                   catalogue and result is refused with a request to enrol again
     */
    public CentreClient(URI baseUrl, Duration timeout, String token, CentreTrust trust, String signingKey) {
        this(baseUrl.toString(), timeout, token, trust, signingKey, null);
    }

    private CentreClient(String base, Duration timeout, String token, CentreTrust trust, String signingKey,
                         String unbound) {
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
        this.token = token;
        this.unbound = unbound;
        this.signingKey = signingKey == null ? null : ContentSignature.publicKey(signingKey);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        if (unbound == null && base.regionMatches(true, 0, "https:", 0, 6)) {
            b.sslContext(trust.sslContext());
        }
        this.http = b.build();
    }

    /** A client for the credential's centre with its token, pin and signing key, trusting the system's CAs. */
    public static CentreClient of(KioskCredential credential, Duration timeout) {
        return of(credential, timeout, Optional.empty());
    }

    /** As {@link #of(KioskCredential, Duration)}, trusting the CAs of {@code caFile} ({@code centre.ca-file}) instead. */
    public static CentreClient of(KioskCredential credential, Duration timeout, Optional<java.nio.file.Path> caFile) {
        return new CentreClient(URI.create(credential.centreUrl()), timeout, credential.token(),
                new CentreTrust(caFile, Optional.ofNullable(credential.pin())), credential.signingKey());
    }

    /** A client for {@link #enrol}, trusting the CAs of {@code caFile} (or the system's). */
    public static CentreClient forEnrolment(URI baseUrl, Duration timeout, Optional<java.nio.file.Path> caFile) {
        return new CentreClient(baseUrl, timeout, null, new CentreTrust(caFile, Optional.empty()), null);
    }

    /**
     * A client that sends nothing at all: each call fails at once with {@code reason} (a
     * {@link CentreNotBoundException}), so the sync worker records and logs why instead of reaching any server.
     */
    public static CentreClient unbound(String reason) {
        return new CentreClient("http://unbound.invalid", Duration.ofSeconds(1), null, CentreTrust.SYSTEM, null, reason);
    }

    /** The reason this client sends nothing; null for a client that talks to its centre. */
    public String unboundReason() {
        return unbound;
    }

    /** What was refused for want of a valid signature, for the heartbeat. */
    public ContentRefusals refusals() {
        return refusals;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Opens a WebSocket to {@code path} of the centre (ws:// or wss:// for its http:// or https://), with the kiosk's
     * bearer token and the same trust (CA file, pin) as every other request. An unbound client fails at once.
     */
    public java.util.concurrent.CompletableFuture<java.net.http.WebSocket> openSocket(String path,
            java.net.http.WebSocket.Listener listener, Duration connectTimeout) {
        if (unbound != null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new CentreNotBoundException(unbound));
        }
        java.net.http.WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.buildAsync(URI.create(baseUrl.replaceFirst("^(?i)http", "ws") + path), listener);
    }

    /**
     * Trades a one-time enrolment code for the kiosk's credential.
     *
     * @throws CentreRefusedException the code is unknown, used or expired (403)
     */
    public KioskCredential enrol(String code) throws SyncException {
        HttpResponse<byte[]> response = send(post(Protocol.ENROL, bytes(new EnrolmentRequest(code)), false));
        EnrolmentResponse answer = expectOk(response, EnrolmentResponse.class, "the enrolment code");
        if (answer == null || answer.kioskId() == null || answer.token() == null) {
            throw new CentreUnavailableException("centre answered the enrolment without a credential");
        }
        if (answer.signingKey() == null) {
            LOG.warn("The centre at {} gave no signing key: this kiosk will refuse its catalogue and results", baseUrl);
        } else {
            ContentSignature.publicKey(answer.signingKey()); // refuse a malformed key now, not at the first catalogue
        }
        // the key of the centre's TLS certificate as seen now, enforced on every later connection
        String pin = response.sslSession().map(CentreClient::serverPin).orElse(null);
        return new KioskCredential(answer.kioskId(), baseUrl, answer.token(), answer.signingKey(), pin);
    }

    /**
     * Sends one application. A receipt with {@code duplicate = true} means the centre already had
     * it; for the kiosk that is success too.
     *
     * @throws CentreUnavailableException network failure, timeout or centre-side error (retry later)
     * @throws SubmissionRejectedException the centre refuses this application
     * @throws CentreRefusedException      the credential was refused (401)
     */
    public SubmissionReceipt submit(ApplicationSubmission app) throws SyncException {
        HttpResponse<byte[]> response = send(post(Protocol.APPLICATIONS, bytes(app), true));
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            SubmissionReceipt receipt = read(response.body(), SubmissionReceipt.class);
            if (receipt == null || !app.applicationId().equals(receipt.applicationId())) {
                throw new CentreUnavailableException("centre answered with a receipt for another application");
            }
            return receipt;
        }
        String reason = reason(response.body());
        if (status == 401) {
            throw new CentreRefusedException("the kiosk's credential", status, reason);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new SubmissionRejectedException(status, reason);
        }
        throw new CentreUnavailableException("centre answered HTTP " + status + ": " + reason);
    }

    /**
     * Sends one rating (好差评). A receipt with {@code duplicate = true} means the centre already had
     * it; for the kiosk that is success too.
     *
     * @throws CentreRefusedException     the centre refuses this rating for good (4xx with its reason), or the
     *                                    credential (401: {@link CentreRefusedException#credentialRefused()})
     * @throws CentreUnavailableException network failure, timeout or centre-side error (retry later)
     */
    public RatingReceipt rate(RatingSubmission rating) throws SyncException {
        HttpResponse<byte[]> response = send(post(Protocol.RATINGS, bytes(rating), true));
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            failure(response, status == 401 ? "the kiosk's credential" : "rating " + rating.ratingId());
        }
        RatingReceipt receipt = read(response.body(), RatingReceipt.class);
        if (receipt == null || !rating.ratingId().equals(receipt.ratingId())) {
            throw new CentreUnavailableException("centre answered with a receipt for another rating");
        }
        return receipt;
    }

    /** How much of the document named by {@code sha256} the centre has from this kiosk. */
    public UploadStatus uploadStatus(String sha256) throws SyncException {
        return expectOk(send(get(Protocol.upload(sha256))), UploadStatus.class, "the upload status");
    }

    /**
     * Uploads a document in chunks of {@code chunkSize}, starting where the centre says it stopped:
     * an upload cut off earlier (lost link, killed process) resumes without sending bytes twice.
     * When the centre finds the bytes do not match {@code sha256} it restarts once from zero.
     *
     * @return bytes sent by this call (0 when the centre already had the document)
     */
    public long upload(String sha256, byte[] content, int chunkSize) throws SyncException {
        if (chunkSize <= 0 || chunkSize > Protocol.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size must be 1.." + Protocol.MAX_CHUNK_BYTES + ": " + chunkSize);
        }
        UploadStatus status = uploadStatus(sha256);
        long offset = status.complete() ? content.length : status.received();
        long sent = 0;
        boolean restarted = false;
        long requestsLeft = 2L * (content.length / chunkSize + 1) + 10; // a centre that never settles is an error
        while (!status.complete()) {
            if (requestsLeft-- == 0) {
                throw new CentreUnavailableException("centre kept refusing the chunks of document " + sha256
                        + " at offset " + offset);
            }
            if (offset > content.length) {
                offset = 0; // the centre holds more than this document has: impossible unless it changed
            }
            int end = (int) Math.min(content.length, offset + chunkSize);
            byte[] chunk = Arrays.copyOfRange(content, (int) offset, end);
            HttpRequest request = request(Protocol.upload(sha256) + "?offset=" + offset + "&length=" + content.length)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build();
            HttpResponse<byte[]> response = send(request);
            int code = response.statusCode();
            if (code == 200) {
                sent += chunk.length;
                status = read(response.body(), UploadStatus.class);
                offset = status.received();
            } else if (code == 409) {
                status = read(response.body(), UploadStatus.class); // the centre is elsewhere: resume there
                offset = status.received();
            } else if (code == 422 && !restarted) {
                restarted = true;
                offset = 0;
                status = new UploadStatus(sha256, content.length, 0, false);
            } else {
                failure(response, "document " + sha256);
            }
        }
        return sent;
    }

    /** The kiosk's status changes after {@code since}, one page. */
    public ChangesPage changes(long since) throws SyncException {
        return expectOk(send(get(Protocol.CHANGES + "?since=" + since)), ChangesPage.class, "the status changes");
    }

    private static String serverPin(javax.net.ssl.SSLSession session) {
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : CentreTrust.pinOf(chain[0]);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * The result document of one of this kiosk's applications, checked against its SHA-256 and the centre's
     * signature of application id and SHA-256.
     *
     * @throws UntrustedContentException not signed by the centre's key: refused
     */
    public byte[] result(String applicationId) throws SyncException {
        HttpResponse<byte[]> response = send(get(Protocol.applicationResult(applicationId)));
        if (response.statusCode() != 200) {
            failure(response, "the result of application " + applicationId);
        }
        Optional<String> sha = response.headers().firstValue("X-Content-SHA256");
        if (sha.isPresent() && !sha.get().equalsIgnoreCase(Digests.sha256Hex(response.body()))) {
            throw new CentreUnavailableException("result of application " + applicationId
                    + " arrived damaged (SHA-256 differs)");
        }
        verified("result", "the result document of application " + applicationId, ContentSignature.resultMessage(
                applicationId, Digests.sha256Hex(response.body())), response);
        return response.body();
    }

    /**
     * Opens the card session of the holder whose card was just read ({@link Protocol#CARD_SESSIONS}); returns its
     * token, to be sent with each lookup of held materials.
     */
    public org.openkiosk.sync.api.CardSession openCardSession(String idNumber, String name) throws SyncException {
        HttpResponse<byte[]> response = send(post(Protocol.CARD_SESSIONS,
                bytes(org.openkiosk.sync.api.CardSession.request(idNumber, name)), true));
        if (response.statusCode() != 201) {
            failure(response, "the card session");
        }
        return read(response.body(), org.openkiosk.sync.api.CardSession.class);
    }

    /** Which of a matter's materials the centre holds for the card session's holder ({@link Protocol#HELD_MATERIALS}). */
    public org.openkiosk.sync.api.HeldMaterials heldMaterials(org.openkiosk.sync.api.HeldMaterials ask)
            throws SyncException {
        return expectOk(send(post(Protocol.HELD_MATERIALS, bytes(ask), true)), org.openkiosk.sync.api.HeldMaterials.class,
                "the held materials");
    }

    /** The resident has gone: the kiosk's open card session ends at the centre. */
    public void closeCardSession() throws SyncException {
        HttpResponse<byte[]> response = send(request(Protocol.CARD_SESSION_CURRENT).DELETE().build());
        if (response.statusCode() != 204) {
            failure(response, "closing the card session");
        }
    }

    public HeartbeatAnswer heartbeat(Heartbeat beat) throws SyncException {
        return expectOk(send(post(Protocol.HEARTBEAT, bytes(beat), true)), HeartbeatAnswer.class, "the heartbeat");
    }

    /**
     * The centre's catalogue when it is newer than {@code sinceVersion}; empty when not (or none published).
     *
     * @throws UntrustedContentException not signed by the centre's key over the exact bytes received: refused
     */
    public Optional<CatalogueUpdate> catalogue(long sinceVersion) throws SyncException {
        HttpResponse<byte[]> response = send(get(Protocol.CATALOGUE + "?since=" + sinceVersion));
        if (response.statusCode() == 304 || response.statusCode() == 404) {
            return Optional.empty();
        }
        CatalogueUpdate update = expectOk(response, CatalogueUpdate.class, "the catalogue");
        if (update == null) {
            throw new CentreUnavailableException("centre answered the catalogue request without a catalogue");
        }
        verified("catalogue", "catalogue version " + update.version(),
                ContentSignature.catalogueMessage(update.version(), response.body()), response);
        return Optional.of(update);
    }

    /** Refuses, logs and notes {@code what} unless the answer carries the centre's signature of {@code message}. */
    private void verified(String kind, String what, byte[] message, HttpResponse<byte[]> response)
            throws UntrustedContentException {
        String signature = response.headers().firstValue(ContentSignature.HEADER).orElse(null);
        String problem;
        if (signingKey == null) {
            problem = "this kiosk has no signing key of the centre (it was enrolled before the centre signed its "
                    + "catalogue and results): enrol it again with ./kiosk enrol --centre " + baseUrl + " --code CODE";
        } else if (signature == null) {
            problem = "it carries no signature of the centre (changed on the way, or not from the centre)";
        } else if (!ContentSignature.verifies(signingKey, message, signature)) {
            problem = "its signature does not verify with the centre's key from enrolment (changed on the way, or not "
                    + "from the centre)";
        } else {
            refusals.verified(kind);
            return;
        }
        String text = "refused " + what + " from " + baseUrl + ": " + problem;
        if (signingKey != null || !toldToEnrolAgain.getAndSet(true)) { // a kiosk without the key is told once
            LOG.error("Refused {} from {}: {}; it is not used", what, baseUrl, problem);
        }
        refusals.refused(kind, what + ": " + (signingKey == null ? "no signing key, enrol again"
                : signature == null ? "unsigned" : "signature does not verify"), java.time.Instant.now());
        throw new UntrustedContentException(kind, text);
    }

    /** True when the centre answers its health check with "up" within the timeout. */
    public boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + Protocol.HEALTH))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<byte[]> response = send(request);
            return response.statusCode() == 200 && "up".equals(json.readTree(response.body()).path("status").asText());
        } catch (SyncException | IOException e) {
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, byte[] body, boolean authenticated) {
        HttpRequest.Builder b = authenticated ? request(path)
                : HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private byte[] bytes(Object value) throws SyncException {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SyncException(value.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
    }

    private <T> T expectOk(HttpResponse<byte[]> response, Class<T> type, String what) throws SyncException {
        if (response.statusCode() != 200) {
            failure(response, what);
        }
        return read(response.body(), type);
    }

    /** Turns a non-2xx answer into the matching exception. */
    private void failure(HttpResponse<byte[]> response, String what) throws SyncException {
        int status = response.statusCode();
        String reason = reason(response.body());
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new CentreRefusedException(what, status, reason);
        }
        throw new CentreUnavailableException("centre answered HTTP " + status + " for " + what + ": " + reason);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws SyncException {
        if (unbound != null) {
            throw new CentreNotBoundException(unbound); // before any byte leaves the kiosk
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (javax.net.ssl.SSLException e) {
            throw untrusted(request, e);
        } catch (HttpTimeoutException e) {
            throw new CentreTimeoutException("centre did not answer " + shown(request) + " within " + timeout, e);
        } catch (IOException e) {
            throw new CentreUnavailableException("cannot reach the centre at " + shown(request) + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CentreUnavailableException("interrupted while talking to the centre", e);
        }
    }

    /** A TLS failure, said plainly: which check refused the centre and what to do. */
    private static CentreUnavailableException untrusted(HttpRequest request, javax.net.ssl.SSLException e) {
        java.util.List<Throwable> causes = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && causes.size() < 20; t = t.getCause()) {
            causes.add(t);
        }
        for (Throwable t : causes) {
            if (t instanceof CentreTrust.PinMismatch) {
                return new CentreUntrustedException("refused the centre at " + shown(request) + ": " + t.getMessage()
                        + "; nothing was sent. If the centre's key was replaced on purpose, enrol the kiosk again "
                        + "(./kiosk enrol --centre URL --code CODE)", e);
            }
        }
        for (Throwable t : causes) {
            if (t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                return new CentreUntrustedException("refused the centre at " + shown(request) + ": its TLS "
                        + "certificate is not trusted (it does not come from a CA in centre.ca-file, or in the "
                        + "system's trust store when centre.ca-file is not set); nothing was sent: " + t.getMessage(), e);
            }
        }
        for (Throwable t : causes) {
            if (t instanceof java.security.cert.CertificateException) {
                return new CentreUntrustedException("refused the centre at " + shown(request) + ": its TLS "
                        + "certificate is not trusted: " + t.getMessage() + "; nothing was sent", e);
            }
        }
        return new CentreUnavailableException("TLS to the centre at " + shown(request) + " failed: " + describe(e), e);
    }

    private static String shown(HttpRequest request) {
        URI uri = request.uri();
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    private <T> T read(byte[] body, Class<T> type) throws CentreUnavailableException {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new CentreUnavailableException("centre answered something that is not a " + type.getSimpleName(), e);
        }
    }

    private String reason(byte[] body) {
        try {
            ApiError error = json.readValue(body, ApiError.class);
            if (error != null && error.error() != null) {
                return error.error();
            }
        } catch (IOException e) {
            // not an ApiError: fall through to the raw text
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
