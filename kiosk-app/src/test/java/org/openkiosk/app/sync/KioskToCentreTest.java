package org.openkiosk.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.RatingSubmission;

/** End to end: the kiosk's store and sync worker against a real centre with its own database. */
class KioskToCentreTest {

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private KioskStore store;
    private CentreServer centre;
    private KioskCredential credential;

    @BeforeEach
    void open() throws Exception {
        store = KioskStore.open(kioskDir);
        centre = startCentre(0);
        credential = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code());
    }

    @AfterEach
    void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        if (centre != null) {
            centre.close();
        }
        store.close();
    }

    /** The centre on its data folder ({@link KioskToCentreS3Test}: with its documents in an S3 store). */
    CentreServer startCentre(int port) {
        return CentreServer.start(centreDir, port);
    }

    /** The enrolled kiosk's client: its token, and the centre's signing key for the catalogue and results. */
    private CentreClient client() {
        return CentreClient.of(credential, Duration.ofSeconds(5));
    }

    private ApplicationSubmission queued(String applicationNo) {
        ApplicationSubmission app = SampleApplications.application(applicationNo);
        store.applications().saveSubmitted(app);
        return app;
    }

    @Test
    void syncSendsPendingApplicationAndCentreKeepsTheDocumentBytes() {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);

        assertThat(worker.syncOnce()).isEqualTo(1);

        assertThat(store.applications().pending()).isEmpty();
        QueueFigures figures = store.applications().figures();
        assertThat(figures.acknowledged()).isEqualTo(1);
        assertThat(figures.lastSuccess()).isNotNull();
        ApplicationSubmission atCentre = centre.findApplication(app.applicationId()).orElseThrow();
        assertThat(atCentre.applicationNo()).isEqualTo("K0001-20261123-0001");
        assertThat(atCentre.documents()).extracting(DocumentPayload::content)
                .containsExactly(app.documents().get(0).content(), app.documents().get(1).content());
        assertThat(worker.syncOnce()).isZero();
    }

    @Test
    void applicationStaysPendingWhileCentreIsDownAndGoesOnceItIsBack() {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        int port = centre.port();
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        centre.close();
        centre = null;

        assertThat(worker.syncOnce()).isZero();

        assertThat(store.applications().pending()).extracting(ApplicationSubmission::applicationId)
                .containsExactly(app.applicationId());
        assertThat(store.applications().figures().lastError()).contains("cannot reach the centre");

        centre = startCentre(port);

        assertThat(worker.syncOnce()).isEqualTo(1);
        assertThat(store.applications().figures()).extracting(QueueFigures::pending, QueueFigures::acknowledged,
                QueueFigures::lastError).containsExactly(0, 1, null);
        assertThat(centre.applicationCount()).isEqualTo(1);
    }

    @Test
    void applicationTheCentreAlreadyHasIsAcknowledgedWithoutSecondCopy() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        client().submit(app); // as if the acknowledgement had been lost on the way back

        assertThat(new SyncWorker(store, client(), scheduler).syncOnce()).isEqualTo(1);

        assertThat(store.applications().pending()).isEmpty();
        assertThat(centre.applicationCount()).isEqualTo(1);
    }

    @Test
    void nudgedWorkerSendsNewApplicationInTheBackground() {
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        worker.start(Duration.ofHours(1));

        queued("K0001-20261123-0001");
        worker.nudge();

        awaitTrue(() -> centre.applicationCount() == 1);
        awaitTrue(() -> store.applications().figures().pending() == 0);
        worker.close();
    }

    @Test
    void clientReportsRejectionWithTheCentresReason() {
        ApplicationSubmission good = SampleApplications.application("K0001-20261123-0001");
        ApplicationSubmission bad = SampleApplications.withBadSha(good);

        assertThatThrownBy(() -> client().submit(bad))
                .isInstanceOfSatisfying(SubmissionRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.reason()).contains("sha256 does not match");
                });
    }

    @Test
    void clientSeesHealthOfCentre() {
        CentreClient client = client();
        assertThat(client.healthy()).isTrue();

        centre.close();
        centre = null;

        assertThat(client.healthy()).isFalse();
        assertThatThrownBy(() -> client.submit(SampleApplications.application("K0001-20261123-0009")))
                .isInstanceOf(CentreUnavailableException.class);
    }

    @Test
    void clientGivesUpOnCentreThatNeverAnswers() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CentreClient client = new CentreClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(300));

            assertThatThrownBy(() -> client.submit(SampleApplications.application("K0001-20261123-0001")))
                    .isInstanceOf(CentreTimeoutException.class);
            assertThat(client.healthy()).isFalse();
        }
    }

    @Test
    void kioskReceivesTheStatusAndResultDocumentStaffIssued() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        assertThat(worker.syncOnce()).isEqualTo(1);
        byte[] certificate = "%PDF-1.7 户籍证明".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // staff accept, then issue the result, as the console does
        assertThat(centre.decide(app.applicationId(), "accepted", null, null, null, null)).isTrue();
        assertThat(centre.decide(app.applicationId(), "completed", "请凭身份证领取原件", "certificate.pdf",
                "application/pdf", certificate)).isTrue();
        worker.syncOnce();

        assertThat(store.applications().applicationsOf(app.idNumber())).singleElement().satisfies(a -> {
            assertThat(a.centreStatus()).isEqualTo("completed");
            assertThat(a.centreReason()).isEqualTo("请凭身份证领取原件");
            assertThat(a.resultOnKiosk()).isTrue();
        });
        assertThat(store.results().result(app.applicationId())).hasValue(certificate);
        assertThat(store.results().resultsToFetch()).isEmpty();
    }

    @Test
    void roundTripKioskSubmitsStaffAcceptAndIssueAResultOverHttpAndTheKioskPrintsIt() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        assertThat(worker.syncOnce()).isEqualTo(1);
        centre.saveStaff("approver", "correct horse battery".toCharArray(),
                java.util.EnumSet.of(org.openkiosk.centre.core.Role.APPROVER));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.ObjectMapper json = org.openkiosk.sync.api.Json.mapper();
        String staffToken = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                URI.create(centre.baseUrl() + "/console/api/login")).header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"approver\",\"password\":\"correct horse battery\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
        long version = 1; // a decision names the version it was made on; each decision answers the next one
        for (String decision : java.util.List.of("{\"action\":\"accept\",\"version\":%d}",
                "{\"action\":\"issue-result\",\"decision\":\"准予登记\",\"reason\":\"请凭身份证领取原件\",\"version\":%d}")) {
            decision = decision.formatted(version);
            var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create(centre.baseUrl()
                            + "/console/api/applications/" + app.applicationId() + "/decision"))
                    .header("Authorization", "Bearer " + staffToken).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(decision)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            version = json.readTree(answer.body()).get("version").asLong();
        }

        worker.syncOnce();

        assertThat(store.applications().applicationsOf(app.idNumber())).singleElement().satisfies(a -> {
            assertThat(a.centreStatus()).isEqualTo("completed");
            assertThat(a.centreReason()).isEqualTo("请凭身份证领取原件");
            assertThat(a.resultOnKiosk()).isTrue();
        });
        byte[] result = store.results().result(app.applicationId()).orElseThrow();
        assertThat(new String(result, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void documentLargerThanOneChunkArrivesByteIdentical() {
        byte[] big = new byte[50_000];
        new java.util.Random(3).nextBytes(big);
        big[0] = (byte) 0xFF; // a JPEG's first bytes, as the camera makes it: the centre takes a document by its bytes
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        ApplicationSubmission sample = SampleApplications.application("K0001-20261123-0001");
        ApplicationSubmission app = new ApplicationSubmission(sample.applicationId(), sample.applicationNo(),
                sample.kioskId(), sample.serviceId(), sample.serviceName(), sample.applicantName(), sample.idNumber(),
                sample.fields(), java.util.List.of(DocumentPayload.of("scan", "scan.jpg", "image/jpeg", big)),
                sample.submittedAt());
        store.applications().saveSubmitted(app);
        SyncWorker worker = new SyncWorker(store, client(), scheduler,
                new SyncWorker.Settings(4096, SyncWorker.Settings.DEFAULT_RETENTION, null), java.util.Map::of);

        assertThat(worker.syncOnce()).isEqualTo(1);

        assertThat(centre.findApplication(app.applicationId()).orElseThrow().documents().get(0).content()).isEqualTo(big);
        assertThat(centre.stats().partialUploads()).isZero();
    }

    @Test
    void workerFetchesANewerCatalogueAnnouncedInTheHeartbeat() throws Exception {
        Path catalogueDir = kioskDir.resolve("catalogue-from-centre");
        SyncWorker worker = new SyncWorker(store, client(), scheduler,
                new SyncWorker.Settings(4096, SyncWorker.Settings.DEFAULT_RETENTION, catalogueDir), java.util.Map::of);
        long version = centre.publishCatalogue("{\"services\":[{\"id\":\"new-service\"}]}");

        worker.syncOnce();

        assertThat(store.syncState().catalogueVersion()).isEqualTo(version);
        assertThat(java.nio.file.Files.readString(catalogueDir.resolve("catalogue.json"))).contains("new-service");
        assertThat(store.applications().figures().lastError()).isNull();
    }

    @Test
    void aCataloguePublishedBetweenHeartbeatsArrivesAtTheNextRound() throws Exception {
        Path catalogueDir = kioskDir.resolve("catalogue-from-centre");
        SyncWorker worker = new SyncWorker(store, client(), scheduler,
                new SyncWorker.Settings(4096, SyncWorker.Settings.DEFAULT_RETENTION, catalogueDir, Duration.ofHours(1)),
                java.util.Map::of);
        worker.syncOnce(); // the round's heartbeat; the next is an hour away
        long heartbeats = centre.heartbeatCount();

        long version = centre.publishCatalogue("{\"services\":[{\"id\":\"between-heartbeats\"}]}");
        worker.syncOnce();

        assertThat(centre.heartbeatCount()).isEqualTo(heartbeats);
        assertThat(store.syncState().catalogueVersion()).isEqualTo(version);
        assertThat(java.nio.file.Files.readString(catalogueDir.resolve("catalogue.json"))).contains("between-heartbeats");
        assertThat(store.applications().figures().lastError()).isNull();
    }

    @Test
    void revokedCredentialLeavesApplicationsQueuedWithAClearError() throws Exception {
        queued("K0001-20261123-0001");
        new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code()); // re-enrolment revokes our token

        assertThat(new SyncWorker(store, client(), scheduler).syncOnce()).isZero();

        assertThat(store.applications().figures().pending()).isEqualTo(1);
        assertThat(store.applications().figures().lastError()).contains("HTTP 401").contains("enrol the kiosk again");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void ratingGivenWhileItsApplicationIsQueuedArrivesOnceAfterTheApplication() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        String ratingId = store.ratings().saveRating(app.applicationId(), 2, "等待时间太长", Instant.parse("2026-11-23T08:20:00Z"));
        assertThat(store.ratings().pendingRatings()).as("waits for its application").isEmpty();
        assertThat(store.ratings().pendingRatingCount()).isEqualTo(1);
        SyncWorker worker = new SyncWorker(store, client(), scheduler);

        assertThat(worker.syncOnce()).isEqualTo(1);

        assertThat(centre.ratingsOf(app.applicationId())).singleElement().satisfies(r -> {
            assertThat(r.ratingId()).isEqualTo(ratingId);
            assertThat(r.level()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo("等待时间太长");
            assertThat(r.serviceId()).isEqualTo("hukou-transfer");
            assertThat(r.kioskId()).isEqualTo("K0001");
        });
        assertThat(store.ratings().pendingRatingCount()).isZero();
        worker.syncOnce();
        assertThat(centre.ratingsOf(app.applicationId())).hasSize(1);
        assertThat(store.applications().figures().lastError()).isNull();
    }

    @Test
    void ratingTheCentreAlreadyHasIsStoredOnceAndMarkedSent() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        worker.syncOnce();
        store.ratings().saveRating(app.applicationId(), 5, null, Instant.parse("2026-11-23T08:20:00Z"));
        RatingSubmission rating = store.ratings().pendingRatings().get(0);
        assertThat(client().rate(rating).duplicate()).isFalse(); // as if the answer had been lost on the way back

        worker.syncOnce();

        assertThat(client().rate(rating).duplicate()).isTrue();
        assertThat(centre.ratingsOf(app.applicationId())).hasSize(1);
        assertThat(store.ratings().pendingRatingCount()).isZero();
    }

    @Test
    void aRatingTheResidentChangedReplacesTheSentOneAtTheCentreAndNothingWaits() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        worker.syncOnce();
        store.ratings().saveRating(app.applicationId(), 1, "等了很久", Instant.parse("2026-11-23T08:20:00Z"));
        RatingSubmission first = store.ratings().pendingRatings().get(0);
        worker.syncOnce();
        store.ratings().saveRating(app.applicationId(), 5, null, Instant.parse("2026-11-23T08:25:00Z")); // changed her mind

        worker.syncOnce();
        assertThat(client().rate(first).duplicate()).as("a late resend of the first changes nothing").isTrue();

        assertThat(centre.ratingsOf(app.applicationId())).singleElement().satisfies(r -> assertThat(r.level()).isEqualTo(5));
        assertThat(store.ratings().pendingRatingCount()).isZero();
    }

    @Test
    void ratingsWaitOfflineThroughARestartAndArriveWhenTheCentreIsBack() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        ApplicationSubmission other = queued("K0001-20261123-0002");
        int port = centre.port();
        CentreClient offline = client();
        centre.close();
        centre = null;
        store.ratings().saveRating(app.applicationId(), 4, null, Instant.parse("2026-11-23T08:20:00Z"));
        store.ratings().saveRating(other.applicationId(), 1, "机器反应太慢", Instant.parse("2026-11-23T08:30:00Z"));
        assertThat(new SyncWorker(store, offline, scheduler).syncOnce()).isZero();
        store.close(); // the kiosk process is killed; days pass
        store = KioskStore.open(kioskDir);
        assertThat(store.ratings().pendingRatingCount()).isEqualTo(2);

        centre = startCentre(port);
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        assertThat(worker.syncOnce()).isEqualTo(2);

        assertThat(centre.ratingsOf(app.applicationId())).extracting(r -> r.level()).containsExactly(4);
        assertThat(centre.ratingsOf(other.applicationId())).extracting(r -> r.reason()).containsExactly("机器反应太慢");
        assertThat(store.ratings().pendingRatingCount()).isZero();
    }

    @Test
    void aRatingTheCentreRefusesForGoodIsKeptButNotSentAgain() throws Exception {
        ApplicationSubmission app = queued("K0001-20261123-0001");
        SyncWorker worker = new SyncWorker(store, client(), scheduler);
        worker.syncOnce();
        store.ratings().saveRating(app.applicationId(), 3, "慢".repeat(10), Instant.parse("2026-11-23T08:20:00Z"));
        // a centre whose rules were tightened: the kiosk id no longer matches the credential
        CentreClient other = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5),
                new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                        .enrol(centre.issueEnrolmentCode("K0002").code()).token());

        new SyncWorker(store, other, scheduler).syncOnce();

        assertThat(store.ratings().pendingRatings()).isEmpty();
        assertThat(store.applications().figures().lastError()).contains("rating").contains("403");
        assertThat(centre.ratingsOf(app.applicationId())).isEmpty();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
