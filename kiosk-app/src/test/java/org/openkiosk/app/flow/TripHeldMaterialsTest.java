package org.openkiosk.app.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.sim.IdCardSimulator;

/**
 * The trip's e-licence steps on their own (issue 19): the consent screen only when the centre holds something, the
 * fetched material left out of the capture and referred to, a paper laid instead, and the centre unreachable (the
 * materials screen says so and every paper is captured). The centre here is a lookup that answers from a list, or
 * fails as an unreachable one does; the real one is in KioskElicenceTripTest.
 */
class TripHeldMaterialsTest {
    @TempDir
    Path pages;

    private final ScriptedReader reader = new ScriptedReader();
    private final RecordingDesk desk = new RecordingDesk();
    private final List<String> closed = new ArrayList<>();
    private boolean offline;
    private ApplicationTrip flow;
    private ResidentSession session;

    private final HeldMaterialsLookup centre = new HeldMaterialsLookup() {
        @Override
        public Opened open(Applicant applicant, Matter matter) throws FlowException {
            if (offline) {
                throw new FlowException(Problem.CENTRE_UNREACHABLE, "no route to the centre");
            }
            return new Opened("session-1", List.of(new HeldMaterial("business-licence", HeldMaterial.E_LICENCE,
                    "营业执照", "DZZZ-1", null)));
        }

        @Override
        public List<HeldMaterial> fetch(String session, Applicant applicant, Matter matter) throws FlowException {
            assertThat(session).isEqualTo("session-1");
            return List.of(new HeldMaterial("business-licence", HeldMaterial.E_LICENCE, "营业执照", "DZZZ-1", "EL-1"));
        }

        @Override
        public void close() {
            closed.add("closed");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        Files.copy(getClass().getResourceAsStream("/sim/camera/household-register-page.jpg"), pages.resolve("page.jpg"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        Catalogue catalogue = Catalogue.builtIn();
        TripServices services = new TripServices(() -> catalogue, reader, FileCamera.fromDirectory(pages), desk,
                TripServices.NO_PROGRESS, PaperReader.NONE, m -> { }, Duration.ofSeconds(1), clock, centre);
        session = services.openSession();
        flow = session.application();
    }

    private void readCardFor(String matter) throws Exception {
        flow.start();
        flow.choose(matter);
        flow.proceedToCard();
        reader.queued.add(IdCardSimulator.sampleResident());
        flow.readCard();
    }

    @Test
    void fetchedLicenceIsNotCapturedAndIsReferredTo() throws Exception {
        readCardFor("individual-business-change");
        assertThat(flow.step()).isEqualTo(Step.CONSENT);
        assertThat(flow.offered()).extracting(HeldMaterial::reference).containsOnlyNulls();
        flow.consentToFetch(true);
        assertThat(flow.step()).isEqualTo(Step.MATERIALS);
        assertThat(flow.held()).containsKey("business-licence");
        flow.proceedToCard();
        assertThat(flow.step()).as("the card is read already").isEqualTo(Step.FORM);
        flow.setField("phone", "13800138000");
        flow.setField("businessScope", "零售");
        flow.confirmForm();
        assertThat(flow.step()).as("nothing left to capture").isEqualTo(Step.REVIEW);
        flow.consent(true);
        flow.submit();
        assertThat(desk.submitted.get(0).held()).extracting(HeldMaterial::reference).containsExactly("EL-1");
        session.end();
        assertThat(closed).as("the card session ends with the resident's").hasSize(1);
    }

    @Test
    void refusedConsentOrAPaperLaidInsteadKeepsTheCapture() throws Exception {
        readCardFor("individual-business-change");
        flow.consentToFetch(false);
        assertThat(flow.step()).isEqualTo(Step.FORM);
        assertThat(flow.toCapture()).extracting(m -> m.id()).containsExactly("business-licence");

        flow.back();
        reader.queued.add(IdCardSimulator.sampleResident());
        flow.readCard();
        flow.consentToFetch(true);
        flow.layPaperInstead("business-licence");
        assertThat(flow.held()).isEmpty();
        assertThat(flow.toCapture()).extracting(m -> m.id()).containsExactly("business-licence");
    }

    @Test
    void anUnreachableCentreIsSaidAndEveryPaperIsCaptured() throws Exception {
        offline = true;
        readCardFor("individual-business-change");
        assertThat(flow.step()).isEqualTo(Step.MATERIALS);
        assertThat(flow.heldState()).isEqualTo(ApplicationTrip.HeldState.OFFLINE);
        flow.proceedToCard();
        assertThat(flow.step()).isEqualTo(Step.FORM);
        assertThat(flow.toCapture()).extracting(m -> m.id()).containsExactly("business-licence");
    }

    @Test
    void aMatterWithNothingToFetchGoesStraightToTheForm() throws Exception {
        readCardFor("pension-enrol");
        assertThat(flow.step()).isEqualTo(Step.FORM);
        assertThat(flow.heldState()).isEqualTo(ApplicationTrip.HeldState.NONE);
    }
}
