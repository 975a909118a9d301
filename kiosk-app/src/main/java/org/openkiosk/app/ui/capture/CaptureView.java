package org.openkiosk.app.ui.capture;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** Which paper to lay under the camera, the shutter button, and the last accepted shot. */
public final class CaptureView extends VBox {
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
        ImageView shot = new ImageView();
        shot.setId("capture-shot");
        shot.imageProperty().bind(vm.lastShotProperty());
        shot.setFitWidth(480);
        shot.setPreserveRatio(true);
        var shoot = Fx.button("capture-shoot", m.get("capture.shoot"), "big-button", vm::shoot);
        shoot.disableProperty().bind(shell.busyProperty());
        getChildren().addAll(title, progress, shot, readingBox, accepted,
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), shoot));
    }
}
