package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.JSON;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Protocol;

/**
 * Issue 13 item 7: a body is held to its limit however it travels (declared, chunked, multipart), the centre
 * answers 413 without reading (or keeping) the rest, and stays healthy; the text of a submission is bounded.
 */
class BodyLimitsAttackTest {

    private static final long OVER_REQUEST_LIMIT = CentreServer.MAX_REQUEST_BYTES + 5L * 1024 * 1024;
    /** What an attacker is willing to send: far more than any limit; a centre that waits for the end never answers. */
    private static final long ENDLESS = 400L * 1024 * 1024;

    @TempDir
    Path dataDir;

    private CentreServer centre;
    private LimitsFixture client;
    private String token;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        client = new LimitsFixture(centre);
        token = client.enrol("K0001");
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void aChunkedUploadChunkOverFourMegabytesIsRefusedWith413AndNotStored() throws Exception {
        String sha = "ab".repeat(32);
        long chunk = Protocol.MAX_CHUNK_BYTES + 1024 * 1024;

        LimitsFixture.RawAnswer answer = client.raw("PUT /api/v1/uploads/" + sha + "?offset=0&length=" + (2 * chunk)
                + " HTTP/1.1\r\nHost: centre\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n", new byte[0], chunk,
                true);

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(JSON.readTree(client.send("GET", "/api/v1/uploads/" + sha, token, null).body())
                .get("received").asLong()).isZero();
        assertHealthy();
    }

    @Test
    void anEndlessChunkedApplicationIsCutOffWith413BeforeItEnds() throws Exception {
        LimitsFixture.RawAnswer answer = client.raw("POST /api/v1/applications HTTP/1.1\r\nHost: centre\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "{\"applicantName\": \"".getBytes(StandardCharsets.UTF_8),
                ENDLESS, true);

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.text()).contains("\"error\"");
        assertThat(answer.clientFinished()).as("answered before the body ended").isFalse();
        assertHealthy();
    }

    @Test
    void aDeclaredOversizedMultipartLoginIsRefusedWith413() throws Exception {
        LimitsFixture.RawAnswer answer = client.raw(multipartHead("Content-Length: "
                + (multipartPrefix().length + OVER_REQUEST_LIMIT)), multipartPrefix(), OVER_REQUEST_LIMIT, false);

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.clientFinished()).as("answered before the body ended").isFalse();
        assertHealthy();
    }

    @Test
    void anEndlessChunkedMultipartLoginIsRefusedWith413() throws Exception {
        LimitsFixture.RawAnswer answer = client.raw(multipartHead("Transfer-Encoding: chunked"), multipartPrefix(),
                ENDLESS, true);

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.clientFinished()).as("answered before the body ended").isFalse();
        assertHealthy();
    }

    @Test
    void anOversizedRatingIsRefusedWith413() throws Exception {
        LimitsFixture.RawAnswer answer = client.raw("POST /api/v1/ratings HTTP/1.1\r\nHost: centre\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "{\"reason\": \"".getBytes(StandardCharsets.UTF_8),
                ENDLESS, true);

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.clientFinished()).as("answered before the body ended").isFalse();
        assertHealthy();
    }

    @Test
    void endpointsOpenToAnyoneTakeOnlySmallBodies() throws Exception {
        long megabyte = 1024 * 1024;
        for (String path : List.of("/api/v1/enrol", "/console/api/login", "/console/login")) {
            // the login form also needs its CSRF token (double submit), so that the size limit is what answers
            boolean form = path.equals("/console/login");
            String cookie = form ? "Cookie: okc_login=" + PRE_LOGIN + "\r\n" : "";
            String token = form ? "csrf=" + formToken(PRE_LOGIN) + "&" : "";
            byte[] chunkedPrefix = (form ? token + "username=" : "{\"code\": \"").getBytes(StandardCharsets.UTF_8);
            LimitsFixture.RawAnswer chunked = client.raw("POST " + path + " HTTP/1.1\r\nHost: centre\r\n" + cookie
                    + "Content-Type: " + (form ? "application/x-www-form-urlencoded" : "application/json")
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n", chunkedPrefix, megabyte, true);
            byte[] declaredPrefix = (token + "code=x").getBytes(StandardCharsets.UTF_8);
            LimitsFixture.RawAnswer declared = client.raw("POST " + path + " HTTP/1.1\r\nHost: centre\r\n" + cookie
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + (declaredPrefix.length + megabyte) + "\r\n\r\n", declaredPrefix, megabyte, false);

            assertThat(chunked.status()).as(path + " chunked: " + chunked.text()).isEqualTo(413);
            assertThat(declared.status()).as(path + " declared: " + declared.text()).isEqualTo(413);
        }
        assertHealthy();
    }

    @Test
    void theTextOfASubmissionAndItsCountsAreBounded() throws Exception {
        Map<String, ApplicationSubmission> cases = new LinkedHashMap<>();
        Map<String, String> manyFields = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            manyFields.put("f" + i, "x");
        }
        cases.put("fields", with(manyFields, null, "张三"));
        cases.put("field name", with(Map.of("k".repeat(10_000), "x"), null, "张三"));
        cases.put("field", with(Map.of("address", "长".repeat(100_000)), null, "张三"));
        cases.put("applicantName", with(null, null, "张".repeat(10_000)));
        cases.put("fileName", with(null, List.of(DocumentPayload.of("id-card-front", "n".repeat(10_000) + ".jpg",
                "image/jpeg", DeskFixture.JPEG)), "张三"));
        List<DocumentPayload> manyDocuments = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            manyDocuments.add(DocumentPayload.of("m" + i, "p" + i + ".jpg", "image/jpeg", DeskFixture.JPEG));
        }
        cases.put("documents", with(null, manyDocuments, "张三"));

        for (Map.Entry<String, ApplicationSubmission> c : cases.entrySet()) {
            HttpResponse<String> response = client.send("POST", "/api/v1/applications", token,
                    JSON.writeValueAsString(c.getValue()));
            assertThat(response.statusCode()).as(c.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).as(c.getKey()).contains(c.getKey());
        }
        assertThat(centre.applicationCount()).isZero();
        assertHealthy();
    }

    private static ApplicationSubmission with(Map<String, String> fields, List<DocumentPayload> documents, String name) {
        ApplicationSubmission base = LimitsFixture.application(UUID.randomUUID().toString(), "K0001");
        return new ApplicationSubmission(base.applicationId(), base.applicationNo(), base.kioskId(), base.serviceId(),
                base.serviceName(), name, base.idNumber(), fields == null ? base.fields() : fields,
                documents == null ? base.documents() : documents, base.submittedAt());
    }

    /** A pre-login secret of the attacker's choosing: the login form's token is derived from it (double submit). */
    private static final String PRE_LOGIN = "A".repeat(43);

    /** A login post that passes the login form's CSRF check, so the body limit is what is tried. */
    private static String multipartHead(String lengthHeader) {
        return "POST /console/login HTTP/1.1\r\nHost: centre\r\nCookie: okc_login=" + PRE_LOGIN + "\r\n"
                + "Content-Type: multipart/form-data; boundary=XyZ\r\n" + lengthHeader + "\r\n\r\n";
    }

    private static byte[] multipartPrefix() {
        return ("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + formToken(PRE_LOGIN) + "\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nadmin\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"password\"; filename=\"p.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The console's form token for a session or pre-login secret, as the console derives it. */
    private static String formToken(String secret) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.security.MessageDigest
                    .getInstance("SHA-256").digest(("openkiosk console form token\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The centre still answers and still takes an honest kiosk's application. */
    private void assertHealthy() throws Exception {
        assertThat(client.send("GET", "/api/v1/health", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> honest = client.send("POST", "/api/v1/applications", token,
                JSON.writeValueAsString(LimitsFixture.application(UUID.randomUUID().toString(), "K0001")));
        assertThat(honest.statusCode()).as(honest.body()).isEqualTo(201);
    }
}
