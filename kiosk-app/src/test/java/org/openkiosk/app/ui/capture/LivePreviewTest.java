package org.openkiosk.app.ui.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.scene.image.Image;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.Problem;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The preview loop on its own: frames from a counting source, the UI thread's hand-overs held in a list until the
 * test lets them run, as a screen too busy to draw would hold them.
 */
class LivePreviewTest {
    private final FxRobot robot = new FxRobot();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<Runnable> handOvers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger taken = new AtomicInteger();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    /** Frame n is a 4x3 image whose first pixel carries n. */
    private Optional<BufferedImage> numberedFrame(int maxWidth, int maxHeight) {
        int n = taken.incrementAndGet();
        BufferedImage frame = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        frame.setRGB(0, 0, 0xff000000 | n);
        return Optional.of(frame);
    }

    private LivePreview preview(LivePreview.FrameSource source) {
        return new LivePreview(source, background, handOvers::add, Duration.ofMillis(5), Duration.ofMillis(20), 960,
                720);
    }

    /** Runs the hand-overs waiting now on the UI thread, as the screen would when it gets to them. */
    private void drawNow() {
        robot.interact(() -> {
            List<Runnable> due;
            synchronized (handOvers) {
                due = new ArrayList<>(handOvers);
                handOvers.clear();
            }
            due.forEach(Runnable::run);
        });
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    private static int number(Image image) {
        return image.getPixelReader().getArgb(0, 0) & 0xffffff;
    }

    @Test
    void aScreenTooBusyToDrawGetsOnlyTheNewestFrameNotAQueue() {
        LivePreview preview = preview(this::numberedFrame);
        robot.interact(preview::start);
        waitFor(() -> taken.get() >= 20, "twenty frames");
        assertThat(handOvers).as("one hand-over waits, however many frames were taken").hasSize(1);
        drawNow();
        Image shown = preview.imageProperty().get();
        assertThat(number(shown)).as("a recent frame, not the first").isGreaterThanOrEqualTo(20);
        assertThat(preview.stateProperty().get()).isEqualTo(LivePreview.State.LIVE);

        int before = number(shown);
        waitFor(() -> taken.get() >= before + 5 && handOvers.size() == 1, "newer frames");
        drawNow();
        assertThat(preview.imageProperty().get()).as("the same size: drawn into the image shown").isSameAs(shown);
        assertThat(number(preview.imageProperty().get())).isGreaterThan(before);
        robot.interact(preview::stop);
    }

    @Test
    void stoppingDropsThePictureAndAFrameStillOnItsWayIsNeverShown() {
        LivePreview preview = preview(this::numberedFrame);
        robot.interact(preview::start);
        waitFor(() -> !handOvers.isEmpty(), "a frame");
        drawNow();
        assertThat(preview.imageProperty().get()).isNotNull();
        waitFor(() -> !handOvers.isEmpty(), "a frame on its way");

        robot.interact(preview::stop);
        assertThat(preview.imageProperty().get()).isNull();
        assertThat(preview.stateProperty().get()).isEqualTo(LivePreview.State.OFF);
        waitFor(() -> !preview.isGrabbing(), "the loop to end");
        drawNow();
        assertThat(preview.imageProperty().get()).as("the late frame is dropped").isNull();
        int after = taken.get();
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS); // forty frames' time
        assertThat(taken.get()).isEqualTo(after);
    }

    @Test
    void aFailingCameraTakesThePictureAwayAndItComesBackByItselfWhenTheCameraDoes() {
        java.util.concurrent.atomic.AtomicBoolean unplugged = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        LivePreview preview = preview((w, h) -> {
            if (unplugged.get()) {
                failures.incrementAndGet();
                throw new FlowException(Problem.CAMERA_UNAVAILABLE, "unplugged");
            }
            return numberedFrame(w, h);
        });
        robot.interact(preview::start);
        waitFor(() -> drawn(preview) == LivePreview.State.LIVE, "the first picture");

        unplugged.set(true);
        waitFor(() -> drawn(preview) == LivePreview.State.FAILED, "the failure to show");
        assertThat(preview.imageProperty().get()).as("no stale picture").isNull();
        waitFor(() -> failures.get() >= 3, "the camera to be tried again");
        assertThat(preview.isGrabbing()).as("still trying").isTrue();

        unplugged.set(false);
        waitFor(() -> drawn(preview) == LivePreview.State.LIVE, "the picture to come back");
        assertThat(preview.imageProperty().get()).isNotNull();

        robot.interact(preview::stop);
        waitFor(() -> !preview.isGrabbing(), "the loop to end");
        drawNow();
        assertThat(preview.stateProperty().get()).isEqualTo(LivePreview.State.OFF);
    }

    @Test
    void aCameraThatKeepsFailingIsLeftAloneOnceTheScreenIsLeft() {
        AtomicInteger calls = new AtomicInteger();
        LivePreview preview = preview((w, h) -> {
            calls.incrementAndGet();
            throw new FlowException(Problem.CAMERA_UNAVAILABLE, "unplugged");
        });
        robot.interact(preview::start);
        waitFor(() -> drawn(preview) == LivePreview.State.FAILED, "the failure to show");
        robot.interact(preview::stop);
        waitFor(() -> !preview.isGrabbing(), "the loop to end");
        int after = calls.get();
        drawNow();
        assertThat(preview.stateProperty().get()).isEqualTo(LivePreview.State.OFF);
        robot.sleep(200); // ten retry periods: a loop still running would have called again
        assertThat(calls.get()).isEqualTo(after);
    }

    /** Lets the screen draw what is waiting, then says what the preview shows. */
    private LivePreview.State drawn(LivePreview preview) {
        drawNow();
        return preview.stateProperty().get();
    }
}
