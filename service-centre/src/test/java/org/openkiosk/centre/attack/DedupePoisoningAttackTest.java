package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openkiosk.centre.attack.LimitsFixture.JSON;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * Documents are stored once under their SHA-256 (issue 15), so a kiosk that could store other bytes under a
 * document's name would change that document for every application that has it, and one that could claim an upload
 * complete because the name is already stored would attach a document it never had. Every upload is read back and
 * hashed before it counts, whatever is stored already: other bytes are refused (422) and nothing changes.
 */
class DedupePoisoningAttackTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private LimitsFixture client;

    @BeforeEach
    void start() {
        centre = CentreServer.start(dataDir, 0);
        client = new LimitsFixture(centre);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void otherBytesUnderADocumentsNameAreRefusedBeforeAndAfterItIsStored() throws Exception {
        String honest = client.enrol("K0001");
        String attacker = client.enrol("K0666");
        byte[] real = jpeg(300_000, 1);
        byte[] forged = jpeg(300_000, 2);
        String sha = Digests.sha256Hex(real);

        assertThat(upload(attacker, sha, forged)).as("forged bytes before the real document").isEqualTo(422);
        assertThat(submit(attacker, "K0666", sha)).isEqualTo(409);
        assertThat(upload(honest, sha, real)).isEqualTo(200);
        String honestApp = UUID.randomUUID().toString();
        assertThat(submit(honest, "K0001", sha, honestApp)).isEqualTo(201);
        assertThat(upload(attacker, sha, forged)).as("forged bytes once the document is stored").isEqualTo(422);
        assertThat(submit(attacker, "K0666", sha)).as("an upload it never completed").isEqualTo(409);
        HttpResponse<String> inline = client.send("POST", "/api/v1/applications", attacker, JSON.writeValueAsString(
                application(UUID.randomUUID().toString(), "K0666", new DocumentPayload("scan", "scan.jpg", "image/jpeg",
                        sha, forged))));
        assertThat(inline.statusCode()).as(inline.body()).isEqualTo(400);

        assertThat(centre.findApplication(honestApp).orElseThrow().documents().get(0).content()).isEqualTo(real);
        assertThat(dataDir.resolve("objects/sha256/" + sha.substring(0, 2) + "/" + sha)).hasBinaryContent(real);
    }

    private int upload(String token, String sha, byte[] doc) throws Exception {
        int status = 0;
        for (int offset = 0; offset < doc.length; offset += 100_000) {
            status = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/uploads/" + sha + "?offset="
                            + offset + "&length=" + doc.length)).header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(doc, offset,
                            Math.min(doc.length, offset + 100_000)))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        return status;
    }

    private int submit(String token, String kioskId, String sha) throws Exception {
        return submit(token, kioskId, sha, UUID.randomUUID().toString());
    }

    private int submit(String token, String kioskId, String sha, String id) throws Exception {
        return client.send("POST", "/api/v1/applications", token, JSON.writeValueAsString(application(id, kioskId,
                new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, null)))).statusCode();
    }

    private static ApplicationSubmission application(String id, String kioskId, DocumentPayload doc) {
        ApplicationSubmission a = LimitsFixture.application(id, kioskId);
        return new ApplicationSubmission(a.applicationId(), a.applicationNo(), a.kioskId(), a.serviceId(),
                a.serviceName(), a.applicantName(), a.idNumber(), a.fields(), List.of(doc), a.submittedAt());
    }

    private static byte[] jpeg(int size, long seed) {
        byte[] doc = new byte[size];
        new Random(seed).nextBytes(doc);
        doc[0] = (byte) 0xFF;
        doc[1] = (byte) 0xD8;
        doc[2] = (byte) 0xFF;
        doc[3] = (byte) 0xE0;
        return doc;
    }
}
