package org.openkiosk.app.ui.capture;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.capture.LivePreview.State;

/**
 * Which paper to lay under the camera, what the camera sees with the outline where the page goes, the shutter button,
 * and the last accepted shot, small, beside the words that say it was taken.
 */
public final class CaptureView extends VBox {
    /** The last shot is a small reminder beside the words that it was taken, not a second picture as large. */
    private static final double SHOT_SIZE = 160;

    public CaptureView(ShellViewModel shell, CaptureViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        setAlignment(Pos.TOP_CENTER);
        Label title = Fx.label("", "title");
        title.textProperty().bind(vm.materialNameProperty().map(name -> m.get("capture.title", name)));
        Label progress = Fx.label("", "hint");
        progress.textProperty().bind(vm.progressProperty());
        Label accepted = Fx.label("", "hint");
        accepted.setId("capture-accepted");
        accepted.textProperty().bind(vm.acceptedProperty());
        Label reading = Fx.label(m.get("capture.reading"), "hint");
        reading.setId("capture-reading");
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.setPrefSize(36, 36);
        HBox readingBox = new HBox(12, spinner, reading);
        readingBox.setAlignment(Pos.CENTER);
        readingBox.visibleProperty().bind(vm.readingProperty());
        readingBox.managedProperty().bind(readingBox.visibleProperty());

        LivePreview preview = vm.preview();
        ImageView live = org.openkiosk.app.ui.help.ScreenFrames.personal(new ImageView()); // the paper under the camera
        live.setId("capture-preview");
        live.imageProperty().bind(preview.imageProperty());
        Label previewMessage = Fx.label("", "preview-message");
        previewMessage.setId("capture-preview-message");
        previewMessage.textProperty().bind(Bindings.createStringBinding(() -> switch (preview.stateProperty().get()) {
            case STARTING -> m.get("capture.preview.starting");
            case FAILED -> m.get("capture.preview.unavailable");
            case OFF, LIVE -> "";
        }, preview.stateProperty()));
        PreviewPane pane = new PreviewPane(live, previewMessage);
        pane.setId("capture-preview-pane");
        Label guide = Fx.label(m.get("capture.preview.guide"), "hint");
        guide.setId("capture-guide-hint");
        guide.visibleProperty().bind(preview.stateProperty().isEqualTo(State.LIVE));

        ImageView shot = org.openkiosk.app.ui.help.ScreenFrames.personal(new ImageView()); // the paper as photographed
        shot.setId("capture-shot");
        shot.imageProperty().bind(vm.lastShotProperty());
        shot.setFitWidth(SHOT_SIZE);
        shot.setFitHeight(SHOT_SIZE);
        shot.setPreserveRatio(true);
        shot.visibleProperty().bind(shot.imageProperty().isNotNull());
        shot.managedProperty().bind(shot.visibleProperty());
        accepted.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(accepted, Priority.ALWAYS);
        HBox acceptedRow = new HBox(16, shot, accepted);
        acceptedRow.setAlignment(Pos.CENTER_LEFT);
        acceptedRow.visibleProperty().bind(shot.imageProperty().isNotNull().or(accepted.textProperty().isNotEmpty()));
        acceptedRow.managedProperty().bind(acceptedRow.visibleProperty());
        pane.setMaxWidth(Double.MAX_VALUE);
        VBox.setVgrow(pane, Priority.ALWAYS);

        var shoot = Fx.button("capture-shoot", m.get("capture.shoot"), "big-button", vm::shoot);
        shoot.disableProperty().bind(shell.busyProperty());
        getChildren().addAll(title, progress, pane, guide, readingBox, acceptedRow,
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), shoot));
    }
}
