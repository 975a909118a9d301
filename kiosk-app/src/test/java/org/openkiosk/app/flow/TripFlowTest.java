package org.openkiosk.app.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.device.idcard.sim.IdCardSimulator;

/** The application trip's state machine on its own: a scripted reader, the file camera, and a desk that records. */
class TripFlowTest {
    private TripServices services;
    @TempDir
    Path pages;

    private final ScriptedReader reader = new ScriptedReader();
    private final List<Object> cards = reader.queued;
    private ApplicationTrip flow;
    private ResidentSession session;
    private FileCamera camera;

    private final RecordingDesk desk = new RecordingDesk();

    @BeforeEach
    void setUp() throws Exception {
        Files.copy(getClass().getResourceAsStream("/sim/camera/household-register-page.jpg"), pages.resolve("page.jpg"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        camera = FileCamera.fromDirectory(pages);
        services = new TripServices(Catalogue.builtIn(), reader, camera, desk, Duration.ofSeconds(1), clock);
        session = services.openSession();
        flow = session.application();
    }

    private void toCard(String matter) {
        flow.start();
        flow.choose(matter);
        flow.proceedToCard();
    }

    /** Through the card and a complete form of 城乡居民养老保险参保登记 to its one paper. */
    private void toCapture() throws Exception {
        toCard("pension-enrol");
        cards.add(IdCardSimulator.sampleResident());
        flow.readCard();
        flow.setField("phone", "13800138000");
        flow.setField("contributionLevel", "每年200元");
        flow.confirmForm();
    }

    @Test
    void noCardIsAProblemToExplainAndTheResidentCanTapAgain() throws Exception {
        toCard("pension-enrol");
        cards.add(new NoCardException("no card within 1 s"));
        cards.add(IdCardSimulator.sampleResident());
        assertThatThrownBy(flow::readCard).isInstanceOfSatisfying(FlowException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NO_CARD));
        assertThat(flow.step()).isEqualTo(Step.ID_CARD);
        assertThat(flow.readCard().name()).isEqualTo("张三丰");
        assertThat(flow.step()).isEqualTo(Step.FORM);
    }

    @Test
    void previewShowsWhatTheCameraSeesWithoutTakingAStillAndAFailingCameraIsAProblem() throws Exception {
        toCapture();
        var frame = flow.previewFrame(480, 480).orElseThrow();
        assertThat(frame.getWidth()).isEqualTo(480);
        assertThat(frame.getHeight()).as("the 1600x1200 page, scaled").isEqualTo(360);
        assertThat(flow.captures()).isEmpty();
        assertThat(flow.step()).isEqualTo(Step.CAPTURE);
        camera.unplug();
        assertThatThrownBy(() -> flow.previewFrame(480, 480)).isInstanceOfSatisfying(FlowException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.CAMERA_UNAVAILABLE));
    }

    @Test
    void formIsCheckedWithPlainReasonsBeforeMovingOn() throws Exception {
        toCard("pension-enrol");
        cards.add(IdCardSimulator.sampleResident());
        flow.readCard();
        flow.setField("phone", "1380013");
        assertThat(flow.formProblems()).containsEntry("phone", FormCheck.Invalid.PHONE)
                .containsEntry("contributionLevel", FormCheck.Invalid.REQUIRED);
        assertThatThrownBy(flow::confirmForm).isInstanceOf(FlowException.class);
        flow.setField("phone", "13800138000");
        flow.setField("contributionLevel", "每年200元");
        flow.confirmForm();
        assertThat(flow.step()).isEqualTo(Step.CAPTURE);
    }

    @Test
    void wholeTripHandsEverythingToTheDeskAndResetForgetsIt() throws Exception {
        toCapture();
        assertThat(flow.capture().retake()).isEmpty();
        assertThat(flow.step()).isEqualTo(Step.REVIEW);
        assertThatThrownBy(flow::submit).as("no submission without consent").isInstanceOf(IllegalStateException.class);
        flow.consent(true);
        flow.submit();
        assertThat(desk.submitted).singleElement().satisfies(t -> {
            assertThat(t.applicant().idNumber()).isEqualTo(IdCardSimulator.sampleResident().idNumber());
            assertThat(t.captures()).singleElement().satisfies(c -> assertThat(c.material().id()).isEqualTo("household-register"));
            assertThat(t.fields()).containsEntry("phone", "13800138000");
        });
        flow.toRating();
        session.end(); // the session is dropped whole: the kiosk goes on with a new one
        flow = services.openSession().application();
        assertThat(flow.step()).isEqualTo(Step.HOME);
        assertThat(flow.applicant()).isEmpty();
        assertThat(flow.fields()).isEmpty();
        assertThat(flow.captures()).isEmpty();
        assertThat(flow.submitted()).isEmpty();
        assertThat(desk.sessionsEnded).as("the desk is told, so it forgets an unprinted receipt").isEqualTo(1);
    }

    @Test
    void aCardWhoseNumberFailsItsCheckIsRefused() throws Exception {
        toCard("pension-enrol");
        IdCard good = IdCardSimulator.sampleResident();
        cards.add(new IdCard(good.cardType(), good.name(), good.sex(), good.nation(), good.birthDate(), good.address(),
                good.idNumber(), good.issuer(), good.validFrom(), good.validUntil(), null, false, new byte[0]));
        assertThatThrownBy(flow::readCard).isInstanceOfSatisfying(FlowException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.CARD_NUMBER_INVALID));
    }
}
