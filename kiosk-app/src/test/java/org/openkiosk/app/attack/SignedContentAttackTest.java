package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.Json;

/**
 * Issue 13 item 3, the content: the catalogue (the forms residents fill in) and result documents (printed with an
 * official seal) come signed by the centre, and the kiosk checks them with the key it learned at enrolment. A man in
 * the middle relays everything to the real centre but alters or strips what comes back: the kiosk refuses it (not
 * applied, not kept for printing), logs it, says so in its heartbeat, and the centre's fleet page raises an alert.
 */
class SignedContentAttackTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = Json.mapper();
    private CentreServer centre;
    private InterceptingServer mitm;
    private KioskStore store;
    private SyncWorker worker;
    private Path catalogueFile;

    @BeforeEach
    void kioskBehindAManInTheMiddle() throws Exception {
        centre = CentreServer.start(centreDir, 0);
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        mitm = InterceptingServer.relay(centre.baseUrl());
        // enrolled through the relay while it still passes everything unchanged
        KioskCredential credential = new CentreClient(URI.create(mitm.url()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code());
        credential.save(kioskDir);
        store = KioskStore.open(kioskDir);
        worker = new SyncWorker(store, CentreClient.of(credential, Duration.ofSeconds(5)), scheduler,
                SyncWorker.Settings.forDataDir(kioskDir), Map::of);
        catalogueFile = kioskDir.resolve("catalogue-from-centre").resolve("catalogue.json");
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        mitm.close();
        centre.close();
        store.close();
    }

    @Test
    void theCentresOwnCatalogueAndResultArriveThroughAnHonestRelay() throws Exception {
        long version = centre.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\"}]}");
        ApplicationSubmission app = submittedAndCompleted();

        worker.syncOnce();

        assertThat(store.syncState().catalogueVersion()).isEqualTo(version);
        assertThat(Files.readString(catalogueFile)).contains("hukou-transfer");
        assertThat(store.results().result(app.applicationId())).hasValue(certificate());
        assertThat(fleetAlerts("untrusted-content")).isEmpty();
    }

    @Test
    void aCatalogueAlteredOnTheWayIsRefusedLoggedAndShownOnTheFleetPage() throws Exception {
        long honest = centre.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\"}]}");
        worker.syncOnce();
        assertThat(store.syncState().catalogueVersion()).isEqualTo(honest);
        centre.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\",\"note\":\"bring your ID card\"}]}");
        mitm.rewrite(a -> a.path().equals("/api/v1/catalogue") && a.status() == 200
                ? a.withBody(a.bodyText().replace("bring your ID card", "pay the fee to account 6222-0000")
                        .getBytes(StandardCharsets.UTF_8))
                : a);

        try (CapturedLog log = CapturedLog.start()) {
            worker.syncOnce();
            worker.syncOnce(); // the refusal travels in the next heartbeat
            assertThat(log.text()).contains("catalogue").contains("signature");
        }

        assertThat(store.syncState().catalogueVersion()).isEqualTo(honest);
        assertThat(Files.readString(catalogueFile)).doesNotContain("6222-0000");
        assertThat(fleetAlerts("untrusted-content")).singleElement().satisfies(alert -> {
            assertThat(alert.get("severity").asText()).isEqualTo("critical");
            assertThat(alert.get("text").asText()).contains("catalogue");
        });
    }

    @Test
    void anUnsignedCatalogueIsRefused() throws Exception {
        centre.publishCatalogue("{\"services\":[{\"id\":\"hukou-transfer\"}]}");
        mitm.rewrite(a -> a.path().equals("/api/v1/catalogue")
                ? new InterceptingServer.Answer(a.path(), 200, Map.of("Content-Type", "application/json"),
                        ("{\"version\":99,\"publishedAt\":\"2026-12-01T00:00:00Z\",\"catalogue\":"
                                + "{\"services\":[{\"id\":\"forged-service\"}]}}").getBytes(StandardCharsets.UTF_8))
                : a);

        worker.syncOnce();
        worker.syncOnce();

        assertThat(store.syncState().catalogueVersion()).isZero();
        assertThat(catalogueFile).doesNotExist();
        assertThat(fleetAlerts("untrusted-content")).hasSize(1);
    }

    @Test
    void aResultDocumentAlteredOnTheWayIsNotKeptForPrinting() throws Exception {
        ApplicationSubmission app = submittedAndCompleted();
        byte[] forged = "%PDF-1.7 准予登记 (forged)".getBytes(StandardCharsets.UTF_8);
        mitm.rewrite(a -> a.path().endsWith("/result") && a.status() == 200
                ? a.withBody(forged).withHeader("X-Content-SHA256", Digests.sha256Hex(forged))
                : a);

        try (CapturedLog log = CapturedLog.start()) {
            worker.syncOnce();
            assertThat(log.text()).contains("result").contains(app.applicationId()).contains("signature");
        }

        assertThat(store.results().result(app.applicationId())).isEmpty();
        assertThat(store.results().resultsToFetch()).contains(app.applicationId()); // fetched again once the path is clean
        assertThat(fleetAlerts("untrusted-content")).singleElement()
                .satisfies(alert -> assertThat(alert.get("text").asText()).contains("result"));

        mitm.rewrite(a -> a);
        worker.syncOnce();
        assertThat(store.results().result(app.applicationId())).hasValue(certificate());
    }

    @Test
    void anUnsignedResultDocumentIsNotKeptForPrinting() throws Exception {
        ApplicationSubmission app = submittedAndCompleted();
        mitm.rewrite(a -> {
            if (!a.path().endsWith("/result")) {
                return a;
            }
            InterceptingServer.Answer stripped = a;
            for (String header : a.headers().keySet()) {
                if (header.toLowerCase(java.util.Locale.ROOT).contains("signature")) {
                    stripped = stripped.withHeader(header, null);
                }
            }
            return stripped;
        });

        worker.syncOnce();
        worker.syncOnce();

        assertThat(store.results().result(app.applicationId())).isEmpty();
        assertThat(fleetAlerts("untrusted-content")).hasSize(1);
    }

    private static byte[] certificate() {
        return "%PDF-1.7 户籍证明".getBytes(StandardCharsets.UTF_8);
    }

    /** An application sent through the relay, then accepted and completed with a result document by staff. */
    private ApplicationSubmission submittedAndCompleted() {
        ApplicationSubmission app = SampleApplications.application("K0001-20261201-0001");
        store.applications().saveSubmitted(app);
        assertThat(worker.syncOnce()).isEqualTo(1);
        assertThat(centre.decide(app.applicationId(), "accepted", null, null, null, null)).isTrue();
        assertThat(centre.decide(app.applicationId(), "completed", "请凭身份证领取原件", "certificate.pdf",
                "application/pdf", certificate())).isTrue();
        return app;
    }

    /** The fleet page's alerts of one kind, as a viewer reads them from the console's fleet JSON. */
    private java.util.List<JsonNode> fleetAlerts(String kind) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String token = json.readTree(login.body()).get("token").asText();
        HttpResponse<String> fleet = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/fleet"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fleet.statusCode()).isEqualTo(200);
        java.util.List<JsonNode> alerts = new java.util.ArrayList<>();
        json.readTree(fleet.body()).get("alerts").forEach(a -> {
            if (kind.equals(a.get("kind").asText())) {
                alerts.add(a);
            }
        });
        return alerts;
    }
}
