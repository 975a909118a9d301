package org.openkiosk.app.ui.idcard;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** "Place your ID card on the reader": reading runs by itself; a retry button appears if it failed. */
public final class IdCardView extends VBox {
    public IdCardView(ShellViewModel shell, IdCardViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        setAlignment(Pos.CENTER);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.visibleProperty().bind(vm.readingProperty());
        Label status = Fx.label(m.get("idcard.reading"), "hint");
        status.visibleProperty().bind(vm.readingProperty());
        Button retry = Fx.button("idcard-retry", m.get("idcard.retry"), "big-button", vm::retry);
        retry.visibleProperty().bind(vm.readingProperty().not());
        var title = Fx.label(m.get(vm.ssCardAccepted() ? "idcard.titleEither" : "idcard.title"), "title");
        title.setId("idcard-title");
        title.setGraphic(org.openkiosk.app.ui.Icons.of("idcard", "title-icon"));
        getChildren().addAll(title, spinner, status,
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), retry));
    }
}
