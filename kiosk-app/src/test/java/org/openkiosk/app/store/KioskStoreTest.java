package org.openkiosk.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openkiosk.app.store.SampleApplications.application;
import static org.openkiosk.app.store.SampleApplications.withBadSha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.sync.api.ApplicationSubmission;

class KioskStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void savedApplicationSurvivesCloseAndReopen() {
        ApplicationSubmission app = application("K0001-20261123-0001");
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(app);
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            List<ApplicationSubmission> pending = store.applications().pending();

            assertThat(pending).hasSize(1);
            assertThat(pending.get(0)).usingRecursiveComparison().isEqualTo(app);
            assertThat(pending.get(0).documents().get(0).content()).containsExactly(0xFF, 0xD8, 0xFF, 1, 2, 3, 0xFF);
            assertThat(store.applications().figures().pending()).isEqualTo(1);
        }
    }

    @Test
    void keepsDatabaseInWalMode() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(application("K0001-20261123-0001"));

            assertThat(Files.exists(dataDir.resolve("kiosk.db-wal"))).isTrue();
        }
    }

    @Test
    void applicationNumbersIncrementPerDayAndSurviveReopen() {
        LocalDate day = LocalDate.of(2026, 11, 23);
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.numbers().nextApplicationNo("K0001", day)).isEqualTo("K0001-20261123-0001");
            assertThat(store.numbers().nextApplicationNo("K0001", day)).isEqualTo("K0001-20261123-0002");
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.numbers().nextApplicationNo("K0001", day)).isEqualTo("K0001-20261123-0003");
            assertThat(store.numbers().nextApplicationNo("K0001", day.plusDays(1))).isEqualTo("K0001-20261124-0001");
            assertThat(store.numbers().nextApplicationNo("K0002", day)).isEqualTo("K0002-20261123-0001");
        }
    }

    @Test
    void acknowledgedApplicationLeavesQueueAndClearsLastError() {
        Instant at = Instant.parse("2026-11-23T09:00:00Z");
        try (KioskStore store = KioskStore.open(dataDir)) {
            ApplicationSubmission first = application("K0001-20261123-0001");
            ApplicationSubmission second = application("K0001-20261123-0002");
            store.applications().saveSubmitted(first);
            store.applications().saveSubmitted(second);
            store.syncState().recordSyncError("centre unreachable");

            store.applications().markAcknowledged(first.applicationId(), at);

            assertThat(store.applications().pending()).extracting(ApplicationSubmission::applicationId)
                    .containsExactly(second.applicationId());
            assertThat(store.applications().figures()).isEqualTo(new QueueFigures(1, 1, at, null));
        }
    }

    @Test
    void recordsLastSyncError() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.syncState().recordSyncError("cannot reach the centre");

            assertThat(store.applications().figures()).isEqualTo(new QueueFigures(0, 0, null, "cannot reach the centre"));
        }
    }

    @Test
    void savingSameApplicationTwiceQueuesItOnce() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            ApplicationSubmission app = application("K0001-20261123-0001");

            store.applications().saveSubmitted(app);
            store.applications().saveSubmitted(app);

            assertThat(store.applications().pending()).hasSize(1);
            assertThat(store.applications().pending().get(0).documents()).hasSize(2);
        }
    }

    @Test
    void refusesApplicationTheCentreWouldRefuseAndStoresNothing() {
        ApplicationSubmission good = application("K0001-20261123-0001");
        ApplicationSubmission badSha = withBadSha(good);
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(() -> store.applications().saveSubmitted(badSha))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sha256 does not match");
            assertThat(store.applications().pending()).isEmpty();
        }
    }

    @Test
    void refusesToQueueADocumentThatIsNotJpegPngOrPdfByItsBytes() {
        ApplicationSubmission good = application("K0001-20261123-0001");
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ApplicationSubmission html1 = new ApplicationSubmission(good.applicationId(), good.applicationNo(), good.kioskId(),
                good.serviceId(), good.serviceName(), good.applicantName(), good.idNumber(), good.fields(),
                java.util.List.of(org.openkiosk.sync.api.DocumentPayload.of("m", "scan.jpg", "image/jpeg", html)),
                good.submittedAt());
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(() -> store.applications().saveSubmitted(html1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("documents[0] (scan.jpg) is said to be image/jpeg but its bytes are not JPEG");
            assertThat(store.applications().pending()).isEmpty();
        }
    }

    @Test
    void failedTransactionLeavesNoHalfApplication() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(application("K0001-20261123-0001"));
            ApplicationSubmission sameNumber = application("K0001-20261123-0001"); // new id, number already used

            assertThatThrownBy(() -> store.applications().saveSubmitted(sameNumber)).isInstanceOf(StoreException.class);

            assertThat(store.applications().pending()).hasSize(1);
            store.applications().saveSubmitted(application("K0001-20261123-0002")); // the connection is still usable
            assertThat(store.applications().figures().pending()).isEqualTo(2);
        }
    }

    @Test
    void ratingIsKeptAndRatingAgainReplacesIt() {
        Instant at = Instant.parse("2026-11-23T09:00:00Z");
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.ratings().saveRating("3f1e2d4c-5b6a-4789-8abc-def012345678", 2, "等待时间太长", at);
            store.ratings().saveRating("3f1e2d4c-5b6a-4789-8abc-def012345678", 4, null, at.plusSeconds(5));
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.ratings().ratingScore("3f1e2d4c-5b6a-4789-8abc-def012345678")).hasValue(4);
        }
    }

    @Test
    void refusesAPoorRatingWithoutItsReasonOrWithAnOversizeOneAndKeepsNothing() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(() -> store.ratings().saveRating("a", 2, "  ", Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the resident's reason");
            assertThatThrownBy(() -> store.ratings().saveRating("a", 5, "x".repeat(501), Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over 500");
            assertThat(store.ratings().pendingRatingCount()).isZero();
        }
    }

    @Test
    void ratingAgainQueuesItAfreshUnderANewRatingId() {
        Instant at = Instant.parse("2026-11-23T09:00:00Z");
        try (KioskStore store = KioskStore.open(dataDir)) {
            String first = store.ratings().saveRating("3f1e2d4c-5b6a-4789-8abc-def012345678", 5, null, at);
            store.ratings().markRatingSent(first, at);
            assertThat(store.ratings().pendingRatingCount()).isZero();
            String second = store.ratings().saveRating("3f1e2d4c-5b6a-4789-8abc-def012345678", 1, "打印机卡纸", at.plusSeconds(5));
            assertThat(second).isNotEqualTo(first);
            assertThat(store.ratings().pendingRatingCount()).isEqualTo(1);
        }
    }

    @Test
    void refusesRatingOutsideOneToFive() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(() -> store.ratings().saveRating("a", 6, null, Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void listsPendingIdsOldestFirstAndReadsOneApplicationAtATime() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            ApplicationSubmission first = application("K0001-20261123-0001");
            ApplicationSubmission second = application("K0001-20261123-0002");
            store.applications().saveSubmitted(first);
            store.applications().saveSubmitted(second);
            store.applications().markAcknowledged(first.applicationId(), Instant.parse("2026-11-23T09:00:00Z"));

            assertThat(store.applications().pendingIds()).containsExactly(second.applicationId());
            assertThat(store.applications().pendingApplication(second.applicationId())).get()
                    .usingRecursiveComparison().isEqualTo(second);
            assertThat(store.applications().pendingApplication(first.applicationId())).isEmpty();
        }
    }

    @Test
    void technicianLockoutSurvivesReopenAndIsClearedBySavingNone() {
        Instant until = Instant.parse("2026-11-23T09:05:00Z");
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.lockout().technicianLockout()).isEqualTo(TechnicianLockout.NONE);
            store.lockout().saveTechnicianLockout(new TechnicianLockout(3, null));
            store.lockout().saveTechnicianLockout(new TechnicianLockout(0, until));
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.lockout().technicianLockout()).isEqualTo(new TechnicianLockout(0, until));
            store.lockout().saveTechnicianLockout(TechnicianLockout.NONE);
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.lockout().technicianLockout()).isEqualTo(TechnicianLockout.NONE);
            assertThatThrownBy(() -> store.lockout().saveTechnicianLockout(new TechnicianLockout(-1, null)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLockoutRowThatWentMissingReadsAsNoneAndIsWrittenAgainBySaving() throws Exception {
        KioskStore.open(dataDir).close();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"));
             java.sql.Statement st = db.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM technician_lockout")).isEqualTo(1);
        }
        Instant until = Instant.parse("2026-11-23T09:05:00Z");
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.lockout().technicianLockout()).isEqualTo(TechnicianLockout.NONE);
            store.lockout().saveTechnicianLockout(new TechnicianLockout(0, until));
        }
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.lockout().technicianLockout()).as("not lost to an UPDATE of no row").isEqualTo(new TechnicianLockout(0, until));
        }
    }
}
