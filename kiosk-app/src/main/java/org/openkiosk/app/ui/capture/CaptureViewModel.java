package org.openkiosk.app.ui.capture;

import java.io.ByteArrayInputStream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.flow.TripFlow.Step;
import org.openkiosk.app.ui.ShellViewModel;

/** Asks for each paper in turn, captures it, and says on the spot whether it can be read. */
public final class CaptureViewModel {
    private final ShellViewModel shell;
    private final TripFlow flow;
    private final StringProperty materialName = new SimpleStringProperty("");
    private final StringProperty progress = new SimpleStringProperty("");
    private final StringProperty accepted = new SimpleStringProperty("");
    private final ObjectProperty<Image> lastShot = new SimpleObjectProperty<>();

    public CaptureViewModel(ShellViewModel shell, TripFlow flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public void enter() {
        Material m = flow.currentMaterial();
        int[] p = flow.captureProgress();
        materialName.set(m.name().in(shell.localeProperty().get()));
        progress.set(shell.messages().get("capture.progress", p[0], p[1]));
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

    public void shoot() {
        if (shell.busyProperty().get()) {
            return;
        }
        shell.work(flow::capture, outcome -> {
            var captures = flow.captures();
            if (outcome.retake().isPresent()) {
                shell.problemProperty().set(outcome.retake().get());
                lastShot.set(null);
                return;
            }
            var shot = captures.get(captures.size() - 1);
            lastShot.set(new Image(new ByteArrayInputStream(shot.bytes()), 480, 0, true, true));
            accepted.set(shell.messages().get("capture.accepted", shot.material().name().in(shell.localeProperty().get())));
            if (flow.step() == Step.CAPTURE) {
                enter();
            } else {
                shell.show();
            }
        }, problem -> lastShot.set(null));
    }

    public void reset() {
        materialName.set("");
        progress.set("");
        accepted.set("");
        lastShot.set(null);
    }
}
