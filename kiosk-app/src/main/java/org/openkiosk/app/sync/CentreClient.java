package org.openkiosk.app.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.openkiosk.sync.api.Json;

/** The kiosk's side of the sync protocol: HTTP to the service centre's {@code /api/v1}. */
public final class CentreClient {

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = Json.mapper();

    /**
     * @param baseUrl the centre, e.g. {@code http://centre.example:8080} (a path prefix is kept)
     * @param timeout for connecting and for each whole request
     */
    public CentreClient(URI baseUrl, Duration timeout) {
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Sends one application. A receipt with {@code duplicate = true} means the centre already had
     * it; for the kiosk that is success too.
     *
     * @throws CentreUnavailableException network failure, timeout or centre-side error (retry later)
     * @throws SubmissionRejectedException the centre refuses this application
     */
    public SubmissionReceipt submit(ApplicationSubmission app) throws SyncException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(app);
        } catch (JsonProcessingException e) {
            throw new SyncException("application " + app.applicationNo() + " cannot be written as JSON", e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/applications"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            SubmissionReceipt receipt = read(response.body(), SubmissionReceipt.class);
            if (receipt == null || !app.applicationId().equals(receipt.applicationId())) {
                throw new CentreUnavailableException("centre answered with a receipt for another application");
            }
            return receipt;
        }
        String reason = reason(response.body());
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new SubmissionRejectedException(status, reason);
        }
        throw new CentreUnavailableException("centre answered HTTP " + status + ": " + reason);
    }

    /** True when the centre answers its health check with "up" within the timeout. */
    public boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/health"))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<byte[]> response = send(request);
            return response.statusCode() == 200 && "up".equals(json.readTree(response.body()).path("status").asText());
        } catch (SyncException | IOException e) {
            return false;
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws CentreUnavailableException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new CentreTimeoutException("centre did not answer " + request.uri() + " within " + timeout, e);
        } catch (IOException e) {
            throw new CentreUnavailableException("cannot reach the centre at " + request.uri() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CentreUnavailableException("interrupted while talking to the centre", e);
        }
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
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
