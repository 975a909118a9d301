package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.ObjectStore;
import org.openkiosk.centre.store.S3ObjectStore;
import org.openkiosk.centre.store.S3Settings;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;

/**
 * The PostgreSQL tests again with documents and results in an S3 object store (a real one: Ceph's radosgw), as a
 * province runs it: several centre instances on one database and one bucket. Then what the store adds: the
 * database keeps only metadata, and a document sent again is stored once.
 */
@ExtendWith({PostgresServer.class, CephServer.class})
class PostgresS3CentreTest extends PostgresCentreTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static S3Settings s3;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void bucket() {
        s3 = CephServer.newBucket();
    }

    @Override
    CentreServer start(String jdbcUrl, Clock clock, FleetSettings fleet) {
        CentreServer centre = CentreServer.start(null, jdbcUrl, s3, "127.0.0.1", 0, clock, fleet,
                ClientOrigin.direct(), null);
        centres().add(centre);
        return centre;
    }

    @Test
    void documentsAndResultsAreInTheStoreAndTheDatabaseKeepsOnlyTheirMetadata() throws Exception {
        String db = PostgresServer.newDatabase();
        CentreServer centre = start(db, Clock.systemUTC(), FleetSettings.defaults());
        String token = KioskProtocolTest.enrol(centre, http, "K0001");
        byte[] uploaded = jpeg(9 * 1024 * 1024 + 7, 1); // more than one multipart part
        byte[] inline = jpeg(200_000, 2);
        String sha = Digests.sha256Hex(uploaded);
        for (int offset = 0; offset < uploaded.length; offset += 256 * 1024) {
            assertThat(put(centre, token, sha, uploaded, offset, Math.min(256 * 1024, uploaded.length - offset))
                    .statusCode()).isEqualTo(200);
        }
        ApplicationSubmission app = CentreApiTest.application(UUID.randomUUID().toString());
        ApplicationSubmission sent = new ApplicationSubmission(app.applicationId(), app.applicationNo(), app.kioskId(),
                app.serviceId(), app.serviceName(), app.applicantName(), app.idNumber(), app.fields(),
                List.of(new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, null),
                        new DocumentPayload("photo", "photo.jpg", "image/jpeg", Digests.sha256Hex(inline), inline)),
                app.submittedAt());
        assertThat(post(centre, token, JSON.writeValueAsString(sent)).statusCode()).isEqualTo(201);
        byte[] result = ("%PDF-1.4 result " + app.applicationId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        centre.decide(app.applicationId(), "accepted", null, null, null, null);
        centre.decide(app.applicationId(), "completed", null, "r.pdf", "application/pdf", result);

        assertThat(centre.findApplication(app.applicationId()).orElseThrow().documents())
                .extracting(DocumentPayload::content).containsExactly(uploaded, inline);
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl()
                + "/api/v1/applications/" + app.applicationId() + "/result")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.body()).isEqualTo(result);
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT sum(length(content)), count(*), count(object_key), sum(size)"
                    + " FROM documents")) {
                rs.next();
                assertThat(rs.getLong(1)).as("document bytes in the database").isZero();
                assertThat(rs.getLong(2)).isEqualTo(2);
                assertThat(rs.getLong(3)).isEqualTo(2);
                assertThat(rs.getLong(4)).isEqualTo(uploaded.length + inline.length);
            }
            try (ResultSet rs = st.executeQuery("SELECT length(content), object_key FROM results")) {
                rs.next();
                assertThat(rs.getLong(1)).as("result bytes in the database").isZero();
                assertThat(rs.getString(2)).isEqualTo(ObjectStore.contentKey(Digests.sha256Hex(result)));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM upload_chunks")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
        try (S3ObjectStore store = S3ObjectStore.open(s3)) {
            assertThat(store.read(ObjectStore.contentKey(sha))).isEqualTo(uploaded);
            assertThat(store.stagingObjects()).as("nothing left staged").isEmpty();
        }
    }

    @Test
    void aDocumentSentByTwoKiosksTwiceIsOneObject() throws Exception {
        String db = PostgresServer.newDatabase();
        CentreServer a = start(db, Clock.systemUTC(), FleetSettings.defaults());
        CentreServer b = start(db, Clock.systemUTC(), FleetSettings.defaults());
        byte[] doc = jpeg(150_000, 3);
        String sha = Digests.sha256Hex(doc);
        List<String> ids = new ArrayList<>();
        for (String kiosk : List.of("K0001", "K0002")) {
            String token = KioskProtocolTest.enrol(a, http, kiosk);
            for (CentreServer centre : List.of(a, b)) {
                ApplicationSubmission app = CentreApiTest.application(UUID.randomUUID().toString());
                ApplicationSubmission sent = new ApplicationSubmission(app.applicationId(), app.applicationNo(), kiosk,
                        app.serviceId(), app.serviceName(), app.applicantName(), app.idNumber(), app.fields(),
                        List.of(new DocumentPayload("scan", "scan.jpg", "image/jpeg", sha, doc)), app.submittedAt());
                assertThat(post(centre, token, JSON.writeValueAsString(sent)).statusCode()).isEqualTo(201);
                ids.add(app.applicationId());
            }
        }
        for (String id : ids) {
            assertThat(a.findApplication(id).orElseThrow().documents().get(0).content()).isEqualTo(doc);
        }
        try (S3ObjectStore store = S3ObjectStore.open(s3)) {
            assertThat(store.putContent(sha, doc)).as("already stored: not written again").isFalse();
        }
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(DISTINCT object_key), count(*) FROM documents")) {
            rs.next();
            assertThat(rs.getLong(1)).as("objects").isEqualTo(1);
            assertThat(rs.getLong(2)).as("documents").isEqualTo(4);
        }
    }

    private static byte[] jpeg(int size, long seed) {
        byte[] doc = new byte[size];
        new Random(seed).nextBytes(doc);
        System.arraycopy(KioskProtocolTest.JPEG_MAGIC, 0, doc, 0, KioskProtocolTest.JPEG_MAGIC.length);
        return doc;
    }

    private HttpResponse<String> put(CentreServer centre, String token, String sha, byte[] doc, int offset, int size)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/uploads/" + sha + "?offset="
                        + offset + "&length=" + doc.length)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(doc, offset, offset + size))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(CentreServer centre, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/applications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
