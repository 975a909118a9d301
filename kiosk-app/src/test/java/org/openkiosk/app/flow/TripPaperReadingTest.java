package org.openkiosk.app.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.OcrEngines;

/**
 * OCR pre-fill in the trip, with the real default OCR engine on photographed papers: the kiosk's bench-like
 * samples (the demo camera shows them) and real photographs from the shared bench set.
 */
class TripPaperReadingTest {
    private static DocumentReader ocr;

    @TempDir
    Path pages;

    private final List<String> cued = new ArrayList<>();
    private FileCamera camera;
    private ApplicationTrip flow;
    /** The session {@link #flow} belongs to. */
    private ResidentSession session;
    private TripServices services;

    private final ScriptedReader reader = new ScriptedReader(IdCardSimulator.sampleResident());

    private final RecordingDesk desk = new RecordingDesk();

    @BeforeAll
    static void loadEngine() throws Exception {
        ocr = new DocumentReader(OcrEngines.load(OcrEngines.DEFAULT));
    }

    @AfterAll
    static void closeEngine() {
        ocr.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        for (String name : List.of("/sim/camera/household-register-page.jpg", "/sim/camera/papers/household-register-child.jpg",
                "/sim/camera/papers/business-licence.jpg", "/sim/camera/papers/id-card-copy.jpg",
                "/sim/idcopy-another-person.jpg", "/sim/plain-letter-page.jpg")) {
            try (InputStream in = getClass().getResourceAsStream(name)) {
                Files.copy(in, pages.resolve(Path.of(name).getFileName().toString()));
            }
        }
        camera = FileCamera.fromDirectory(pages);
        flow = flowReadingWith(ocr::read);
    }

    private static Catalogue builtIn() {
        try {
            return Catalogue.builtIn();
        } catch (org.openkiosk.app.catalogue.CatalogueException e) {
            throw new IllegalStateException(e);
        }
    }

    private ApplicationTrip flowReadingWith(PaperReader papers) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        services = new TripServices(() -> builtIn(), reader, camera, desk, TripServices.NO_PROGRESS, papers,
                (Material m) -> cued.add(m.id()), Duration.ofSeconds(1), clock);
        session = services.openSession();
        return session.application();
    }

    private void toForm(String matter) throws Exception {
        flow.start();
        flow.choose(matter);
        flow.proceedToCard();
        flow.readCard();
    }

    /** Lays {@code file} under the camera for the current material and captures it. */
    private ApplicationTrip.CaptureOutcome lay(String file) throws Exception {
        camera.showNext(pages.resolve(file));
        ApplicationTrip.CaptureOutcome outcome = flow.capture();
        assertThat(outcome.retake()).as("%s passes the on-the-spot checks", file).isEmpty();
        return outcome;
    }

    @Test
    void choosingAMatterWithPapersToReadGetsTheReaderReadyAndOneWithoutDoesNot() throws Exception {
        List<String> prepared = new ArrayList<>();
        PaperReader counting = new PaperReader() {
            @Override
            public org.openkiosk.device.ocr.RecognisedDocument read(org.openkiosk.device.camera.CapturedImage image)
                    throws java.io.IOException, org.openkiosk.device.ocr.OcrException {
                return ocr.read(image);
            }

            @Override
            public void prepare() {
                prepared.add(flow.matter().orElseThrow().id());
            }
        };
        flow = flowReadingWith(counting);
        flow.start();
        flow.choose("residence-permit"); // a proof of residence: captured, nothing read from it
        assertThat(prepared).isEmpty();

        flow = flowReadingWith(counting);
        flow.start();
        flow.choose("school-enrolment"); // the household register fills the child's name and ID number
        assertThat(prepared).as("ready while the resident reads the list and taps the card").containsExactly("school-enrolment");
    }

    @Test
    void aHouseholdRegisterPageFillsTheChildsEmptyFieldsWithCheckedValuesForTheResidentToCheck() throws Exception {
        toForm("school-enrolment");
        flow.setField("phone", "13800138000");
        assertThat(flow.fromPapersLater()).containsExactly("childName", "childIdNumber");
        assertThat(flow.formProblems()).as("left for the household register").isEmpty();
        flow.confirmForm();
        assertThat(cued).as("cued as the capture screen opens, before any shot").containsExactly("household-register");

        assertThat(lay("household-register-child.jpg").toRead()).isTrue();
        ApplicationTrip.PaperOutcome read = flow.readPaper();

        assertThat(read.filled()).containsExactly("childName", "childIdNumber");
        assertThat(read.retake()).isEmpty();
        assertThat(flow.fields()).containsEntry("childName", "张小武").containsEntry("childIdNumber", "420381201903150039");
        assertThat(flow.fromDocuments()).containsOnlyKeys("childName", "childIdNumber");
        assertThat(flow.fromDocuments().get("childName").id()).isEqualTo("household-register");
        assertThat(lay("plain-letter-page.jpg").toRead()).as("a home certificate is not read").isFalse();
        assertThat(flow.step()).isEqualTo(Step.REVIEW);
        assertThat(cued).containsExactly("household-register", "home-ownership");

        flow.correctField("childName", "张小武 ");
        assertThat(flow.fromDocuments()).as("unchanged: still marked as read").containsKey("childName");
        flow.correctField("childName", "张晓武");
        assertThat(flow.fromDocuments()).as("corrected by the resident").containsOnlyKeys("childIdNumber");
        flow.consent(true);
        flow.submit();
        assertThat(desk.submitted.get(0).fields()).containsEntry("childName", "张晓武")
                .containsEntry("childIdNumber", "420381201903150039");
    }

    @Test
    void aBusinessLicenceFillsTheEmptyCreditCodeAndNeverOverwritesWhatTheResidentTyped() throws Exception {
        toForm("employment-registration");
        flow.setField("phone", "13800138000");
        flow.setField("employer", "太和茶厂");
        flow.confirmForm();
        lay("plain-letter-page.jpg"); // the labour contract
        assertThat(flow.currentMaterial().id()).isEqualTo("employer-licence");

        assertThat(lay("business-licence.jpg").toRead()).isTrue();
        ApplicationTrip.PaperOutcome read = flow.readPaper();

        assertThat(read.filled()).containsExactly("employerCode");
        assertThat(flow.fields()).containsEntry("employerCode", "91420381MA49K3T2XU")
                .containsEntry("employer", "太和茶厂");
        assertThat(flow.fromDocuments()).containsOnlyKeys("employerCode");
        assertThat(flow.reviewProblems()).isEmpty();
    }

    @Test
    void anIdCardCopyOfAnotherPersonIsFlaggedAndAskedForAgainThenTheResidentsOwnIsAccepted() throws Exception {
        toForm("individual-business-registration");
        flow.setField("phone", "13800138000");
        flow.setField("businessScope", "日用百货零售");
        flow.setField("premisesAddress", "湖北省丹江口市武当山特区太子坡路18号");
        flow.setField("capital", "5");
        flow.confirmForm();
        assertThat(flow.currentMaterial().id()).isEqualTo("id-card-copy");

        assertThat(lay("idcopy-another-person.jpg").toRead()).isTrue();
        ApplicationTrip.PaperOutcome other = flow.readPaper();

        assertThat(other.retake()).contains(Problem.ID_COPY_MISMATCH);
        assertThat(flow.captures()).isEmpty();
        assertThat(flow.step()).isEqualTo(Step.CAPTURE);
        assertThat(flow.currentMaterial().id()).isEqualTo("id-card-copy");

        lay("id-card-copy.jpg");
        ApplicationTrip.PaperOutcome own = flow.readPaper();

        assertThat(own.retake()).isEmpty();
        assertThat(own.unreadable()).isFalse();
        assertThat(flow.captures()).extracting(c -> c.material().id()).containsExactly("id-card-copy");
        assertThat(flow.currentMaterial().id()).isEqualTo("premises-proof");
    }

    @Test
    void anUnreadablePageLeavesTheFieldsEmptyForTypingAndTheTripGoesOn() throws Exception {
        toForm("school-enrolment");
        flow.setField("phone", "13800138000");
        flow.confirmForm();

        lay("plain-letter-page.jpg"); // a letter laid where the household register was asked for
        ApplicationTrip.PaperOutcome read = flow.readPaper();

        assertThat(read.unreadable()).isTrue();
        assertThat(read.filled()).isEmpty();
        assertThat(flow.fields()).doesNotContainKeys("childName", "childIdNumber");
        assertThat(flow.captures()).hasSize(1);
        lay("plain-letter-page.jpg");
        assertThat(flow.step()).isEqualTo(Step.REVIEW);
        assertThat(flow.reviewProblems()).containsOnlyKeys("childName", "childIdNumber");
        flow.consent(true);
        assertThatThrownBy(flow::submit).isInstanceOfSatisfying(FlowException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.FORM_INCOMPLETE));
        flow.correctField("childName", "张小武");
        flow.correctField("childIdNumber", "420381201903150039");
        flow.submit();
        assertThat(desk.submitted).hasSize(1);
    }

    @Test
    void anEngineThatFailsLosesNoCaptureAndBlocksNothing() throws Exception {
        flow = flowReadingWith(image -> {
            throw new org.openkiosk.device.ocr.OcrException("engine crashed");
        });
        toForm("school-enrolment");
        flow.setField("phone", "13800138000");
        flow.confirmForm();

        lay("household-register-child.jpg");
        ApplicationTrip.PaperOutcome read = flow.readPaper();

        assertThat(read.unreadable()).isTrue();
        assertThat(flow.captures()).hasSize(1);
        assertThat(flow.fields()).doesNotContainKey("childName");
        assertThat(flow.step()).isEqualTo(Step.CAPTURE);
    }

    @Test
    void aPaperStillBeingReadWhenTheSessionEndsFillsNothingForTheNextResident() throws Exception {
        ResidentSession[] current = new ResidentSession[1];
        flow = flowReadingWith(image -> {
            current[0].end(); // the idle timeout ends the session while the engine reads
            return ocr.read(image);
        });
        current[0] = session;
        ApplicationTrip ended = flow;
        toForm("school-enrolment");
        flow.setField("phone", "13800138000");
        flow.confirmForm();
        lay("household-register-child.jpg");

        ApplicationTrip.PaperOutcome read = flow.readPaper();
        flow = services.openSession().application(); // the kiosk goes on with a new session

        assertThat(read.filled()).isEmpty();
        assertThat(ended.fromDocuments()).as("nothing filled in the ended session either").isEmpty();
        assertThat(flow.step()).isEqualTo(Step.HOME);
        assertThat(flow.fields()).isEmpty();
        assertThat(flow.fromDocuments()).isEmpty();
    }

    @Test
    void goingBackOverAReadPaperForgetsWhatWasReadFromIt() throws Exception {
        toForm("death-hukou-cancel");
        flow.setField("phone", "13800138000");
        flow.setField("deathDate", "2026-11-01");
        flow.confirmForm();
        lay("plain-letter-page.jpg"); // the death certificate
        lay("household-register-child.jpg");
        flow.readPaper();
        assertThat(flow.fields()).containsKey("deceasedName");

        flow.back();

        assertThat(flow.step()).isEqualTo(Step.CAPTURE);
        assertThat(flow.fields()).doesNotContainKeys("deceasedName", "deceasedIdNumber");
        assertThat(flow.fromDocuments()).isEmpty();
    }
}
