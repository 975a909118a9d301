package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openkiosk.sync.api.ApplicationSubmission;

/**
 * Issue 13 item 5, kiosk to centre: a result the centre re-issues (a corrected notice) reaches the kiosk; the
 * kiosk never keeps printing the superseded one.
 */
class ReissuedResultAttackTest {

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private KioskStore store;
    private CentreServer centre;

    @BeforeEach
    void open() {
        store = KioskStore.open(kioskDir);
        centre = CentreServer.start(centreDir, 0);
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        centre.close();
        store.close();
    }

    @Test
    void reissuedResultIsFetchedAgainAndReplacesTheFirst() throws Exception {
        // enrolled with the centre's signing key: a result document is taken only when the centre signed it
        KioskCredential credential = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code());
        SyncWorker worker = new SyncWorker(store, CentreClient.of(credential, Duration.ofSeconds(5)), scheduler);
        ApplicationSubmission app = SampleApplications.application("K0001-20261203-0001");
        store.applications().saveSubmitted(app);
        assertThat(worker.syncOnce()).isEqualTo(1);
        byte[] first = "%PDF-1.7 准予登记 (事项名称有误)".getBytes(StandardCharsets.UTF_8);
        byte[] corrected = "%PDF-1.7 准予登记 (更正)".getBytes(StandardCharsets.UTF_8);
        assertThat(centre.decide(app.applicationId(), "accepted", null, null, null, null)).isTrue();
        assertThat(centre.decide(app.applicationId(), "completed", "请凭身份证领取", "r.pdf", "application/pdf", first))
                .isTrue();
        worker.syncOnce();
        assertThat(store.results().result(app.applicationId())).hasValue(first);

        assertThat(centre.decide(app.applicationId(), "completed", "更正：原通知书事项名称有误", "r.pdf", "application/pdf",
                corrected)).isTrue();
        worker.syncOnce();

        assertThat(store.results().result(app.applicationId())).hasValue(corrected);
        assertThat(store.results().resultsToFetch()).isEmpty();
        assertThat(store.applications().applicationsOf(app.idNumber())).singleElement()
                .satisfies(a -> assertThat(a.centreReason()).isEqualTo("更正：原通知书事项名称有误"));
    }
}
