package org.openkiosk.app.ui.progress;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** One card per application, newest first, with its status in plain words and a print button for a result. */
public final class ProgressView extends VBox {
    public ProgressView(ShellViewModel shell, ProgressViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        VBox list = new VBox(10);
        for (ProgressViewModel.Row row : vm.rows()) {
            VBox item = new VBox(4, Fx.label(row.service(), "material-name"),
                    Fx.pieces(Fx.unbroken(m.get("progress.number", row.applicationNo()), "hint"),
                            Fx.unbroken(m.get("progress.submitted", row.submitted()), "hint")));
            Label stage = Fx.label(row.stage(), "field-label");
            stage.setId("progress-stage-" + row.applicationNo());
            item.getChildren().add(stage);
            if (!row.detail().isEmpty()) {
                item.getChildren().add(Fx.label(row.detail(), "hint"));
            }
            if (row.printable()) {
                item.getChildren().add(Fx.button("print-result-" + row.applicationNo(), m.get("progress.print"),
                        "secondary-button", () -> vm.printResult(row.applicationId(), row.applicationNo())));
            }
            item.getStyleClass().add("material-row");
            list.getChildren().add(item);
        }
        if (list.getChildren().isEmpty()) {
            Label none = Fx.label(m.get("progress.none"), "hint");
            none.setId("progress-none");
            list.getChildren().add(none);
        }
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        Label printed = Fx.label("", "hint");
        printed.setId("progress-printed");
        printed.textProperty().bind(vm.printedProperty());
        getChildren().addAll(org.openkiosk.app.ui.help.ScreenFrames.personal(Fx.label(m.get("progress.title", vm.owner()), "title")), scroll, printed,
                Fx.actions(Fx.button("progress-done", m.get("app.home"), "big-button", shell::endSession)));
    }
}
