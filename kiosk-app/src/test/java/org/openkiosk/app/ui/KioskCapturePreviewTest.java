package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.capture.LivePreview;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The live camera picture on the capture screen, with the real simulated camera (image files) behind the real flow:
 * it shows what lies on the stage, watches only while the screen shows, says so plainly when the camera fails, and
 * keeps nothing once the session is wiped.
 */
class KioskCapturePreviewTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE);

    /** Through the card and the form of 城乡居民养老保险参保登记 to its one paper, the household register. */
    private void toCapture() {
        startHrssMatter("pension-enrol");
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent(), "the card to be read");
        click("#field-phone");
        robot.write("13800138000");
        click("#field-contributionLevel-1");
        click("#form-next");
        waitFor(() -> vm.step() == Step.CAPTURE, "the capture screen");
    }

    private LivePreview preview() {
        return vm.screens().capture().preview();
    }

    private Image shown() {
        return robot.lookup("#capture-preview").tryQuery().map(n -> ((ImageView) n).getImage()).orElse(null);
    }

    private FileCamera camera() {
        return context.simulated().camera();
    }

    /** Grey levels over a grid of the picture: a photograph of a page on the stage, not a blank or uniform image. */
    private static int contrast(Image image) {
        PixelReader pixels = image.getPixelReader();
        int min = 255;
        int max = 0;
        for (int y = 0; y < image.getHeight(); y += 8) {
            for (int x = 0; x < image.getWidth(); x += 8) {
                int grey = (int) Math.round(pixels.getColor(x, y).grayscale().getRed() * 255);
                min = Math.min(min, grey);
                max = Math.max(max, grey);
            }
        }
        return max - min;
    }

    /** The frame count the camera shows once grabbing has stopped for good: the same a second later. */
    private void assertNoMoreFramesTaken() {
        waitFor(() -> !preview().isGrabbing(), "the preview to stop grabbing");
        long frames = camera().previewCount();
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS); // more than 5 frames' time
        assertThat(camera().previewCount()).as("frames taken after the preview stopped").isEqualTo(frames);
    }

    @Test
    void showsWhatLiesOnTheStageWhileTheScreenShowsAndStopsWatchingWhenItIsLeft() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toCapture();
        waitFor(() -> shown() != null, "the live picture");
        Image first = shown();
        // the simulator's household register page (1600x1200), scaled for the screen
        assertThat(first.getWidth()).isEqualTo(960);
        assertThat(first.getHeight()).isEqualTo(720);
        robot.interact(() -> assertThat(contrast(first)).as("a real photograph").isGreaterThan(80));
        assertThat(robot.lookup("#capture-guide").query().isVisible()).as("the outline where the page goes").isTrue();
        assertThat(text("#capture-guide-hint")).isEqualTo(ZH.get("capture.preview.guide"));
        assertThat(robot.lookup("#capture-preview-message").query().isVisible()).isFalse();
        long seen = camera().previewCount();
        waitFor(() -> camera().previewCount() >= seen + 5, "the picture to keep coming");

        // a page laid on the stage shows at once, in its own proportions: 1500x1900 fits 720 high
        Path licence = data.resolve("sim").resolve("camera-papers").resolve("business-licence.jpg");
        camera().showNext(licence);
        waitFor(() -> shown() != null && shown().getHeight() == 720 && shown().getWidth() == 568, "the laid page");

        click("#back");
        waitFor(() -> vm.step() == Step.FORM, "the form");
        assertThat(preview().imageProperty().get()).isNull();
        assertNoMoreFramesTaken();

        click("#form-next");
        waitFor(() -> shown() != null, "the live picture again on coming back");
    }

    @Test
    void aFailingCameraIsExplainedInPlaceOfThePictureTheShutterReportsTheFaultAndThePictureReturnsWithTheCamera()
            throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toCapture();
        waitFor(() -> shown() != null, "the live picture");

        camera().unplug();
        waitFor(() -> preview().stateProperty().get() == LivePreview.State.FAILED, "the preview to notice");
        assertThat(text("#capture-preview-message")).isEqualTo(ZH.get("capture.preview.unavailable"));
        assertThat(robot.lookup("#capture-preview-message").query().isVisible()).isTrue();
        assertThat(shown()).as("no stale picture").isNull();
        assertThat(robot.lookup("#capture-guide").query().isVisible()).isFalse();

        assertThat(robot.lookup("#capture-shoot").queryButton().isDisabled()).isFalse();
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#problem").tryQuery().isPresent(), "the capture's answer");
        assertThat(text("#problem")).isEqualTo(ZH.get("problem.CAMERA_UNAVAILABLE"));
        assertThat(vm.step()).isEqualTo(Step.CAPTURE);
        assertThat(text("#capture-preview-message")).isEqualTo(ZH.get("capture.preview.unavailable"));
        snap("capture-camera-failed");

        camera().plugIn(); // the cable back in: the picture returns without leaving the screen
        waitFor(() -> shown() != null, "the live picture to come back");
        assertThat(preview().stateProperty().get()).isEqualTo(LivePreview.State.LIVE);
        assertThat(robot.lookup("#capture-preview-message").query().isVisible()).isFalse();
        assertThat(robot.lookup("#capture-guide").query().isVisible()).isTrue();
    }

    @Test
    void afterTheIdleWipeOnTheCaptureScreenNoPictureOfThePaperRemains() throws Exception {
        startKiosk(Duration.ofSeconds(8));
        toCapture();
        waitFor(() -> shown() != null, "the live picture");

        waitFor(() -> robot.lookup("#home-screen").tryQuery().isPresent(), "the idle wipe");
        assertNothingOfResidentOnScreen(IdCardSimulator.sampleResident().name(), "13800138000");
        assertThat(preview().imageProperty().get()).isNull();
        assertThat(preview().stateProperty().get()).isEqualTo(LivePreview.State.OFF);
        List<ImageView> withImage = new ArrayList<>();
        robot.interact(() -> collectImageViews(ui.scene().getRoot(), withImage));
        assertThat(withImage).as("image views still holding a picture").isEmpty();
        assertNoMoreFramesTaken();
    }

    private static void collectImageViews(Node node, List<ImageView> withImage) {
        if (node instanceof ImageView v && v.getImage() != null) {
            withImage.add(v);
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collectImageViews(c, withImage));
        }
    }
}
