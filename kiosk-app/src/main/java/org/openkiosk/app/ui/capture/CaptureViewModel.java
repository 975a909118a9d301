package org.openkiosk.app.ui.capture;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.ui.SessionPort;

/** Asks for each paper in turn, shows what the camera sees, captures it, and says on the spot whether it can be read. */
public final class CaptureViewModel {
    /** 5 frames a second: the page's place is plain to see, and the two cores stay free for the rest. */
    static final Duration PREVIEW_INTERVAL = Duration.ofMillis(200);
    /** A failed camera is tried again this often while the screen shows: back soon after it is plugged in again. */
    static final Duration PREVIEW_RETRY = Duration.ofSeconds(2);
    /** Frames come no larger than this: about the size they are shown at on a kiosk screen. */
    static final int PREVIEW_WIDTH = 960;
    static final int PREVIEW_HEIGHT = 720;

    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final StringProperty materialName = new SimpleStringProperty("");
    private final StringProperty progress = new SimpleStringProperty("");
    private final StringProperty accepted = new SimpleStringProperty("");
    private final ObjectProperty<Image> lastShot = new SimpleObjectProperty<>();
    private final BooleanProperty reading = new SimpleBooleanProperty(false);
    private final LivePreview preview;

    /** The live preview runs on {@code background}, which must have a thread to spare while the screen shows. */
    public CaptureViewModel(SessionPort shell, ApplicationTrip flow, Executor background, Executor ui) {
        this.shell = shell;
        this.flow = flow;
        this.preview = new LivePreview(flow::previewFrame, background, ui, PREVIEW_INTERVAL, PREVIEW_RETRY,
                PREVIEW_WIDTH, PREVIEW_HEIGHT);
    }

    /** Shows the paper asked for now, and what the camera sees. */
    public void enter() {
        Material m = flow.currentMaterial();
        int[] p = flow.captureProgress();
        materialName.set(m.name().in(shell.locale()));
        progress.set(shell.messages().get("capture.progress", p[0], p[1]));
        shell.stepsChanged();
        preview.start();
    }

    /** The screen is no longer shown: the camera is no longer watched. */
    public void leave() {
        preview.stop();
    }

    /** The camera's live picture while the screen shows. */
    public LivePreview preview() {
        return preview;
    }

    public StringProperty materialNameProperty() {
        return materialName;
    }

    public StringProperty progressProperty() {
        return progress;
    }

    public StringProperty acceptedProperty() {
        return accepted;
    }

    public ObjectProperty<Image> lastShotProperty() {
        return lastShot;
    }

    /** True while the kiosk reads the fields of the paper just photographed (a second or two). */
    public BooleanProperty readingProperty() {
        return reading;
    }

    public void shoot() {
        if (shell.busy()) {
            return;
        }
        shell.work(flow::capture, outcome -> {
            var captures = flow.captures();
            if (outcome.retake().isPresent()) {
                shell.explain(outcome.retake().get());
                lastShot.set(null);
                return;
            }
            var shot = captures.get(captures.size() - 1);
            lastShot.set(new Image(new ByteArrayInputStream(shot.bytes()), 480, 0, true, true));
            String name = shot.material().name().in(shell.locale());
            accepted.set(shell.messages().get("capture.accepted", name));
            if (!outcome.toRead()) {
                next();
                return;
            }
            reading.set(true);
            shell.work(flow::readPaper, paper -> {
                reading.set(false);
                if (paper.retake().isPresent()) {
                    accepted.set("");
                    lastShot.set(null);
                    enter();
                    shell.explain(paper.retake().get());
                    return;
                }
                if (!paper.filled().isEmpty()) {
                    accepted.set(shell.messages().get("capture.filled", name, paper.filled().size()));
                } else if (paper.unreadable() && !paper.material().isIdCardCopy()) {
                    accepted.set(shell.messages().get("capture.unreadable", name));
                }
                next();
            }, problem -> reading.set(false));
        }, problem -> lastShot.set(null));
    }

    private void next() {
        if (flow.step() == Step.CAPTURE) {
            enter();
        } else {
            shell.show();
        }
    }
}
