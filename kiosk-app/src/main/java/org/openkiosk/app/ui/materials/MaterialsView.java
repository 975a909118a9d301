package org.openkiosk.app.ui.materials;

import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** The numbered list of exactly what to bring, and how each is handed over. */
public final class MaterialsView extends VBox {
    public MaterialsView(ShellViewModel shell, MaterialsViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        getChildren().addAll(Fx.label(vm.title(), "title"), Fx.label(vm.heading(), "material-name"));
        if (!vm.includes().isEmpty()) {
            getChildren().add(Fx.label(vm.includes(), "hint"));
        }
        if (!vm.offlineNotice().isEmpty()) {
            var offline = Fx.label(vm.offlineNotice(), "notice");
            offline.setId("materials-offline");
            getChildren().add(offline);
        }
        VBox list = new VBox(8);
        int n = 1;
        for (MaterialsViewModel.Row row : vm.rows()) {
            // what to bring and how it is handed over, each on a line of its own: run together they overran a portrait
            // line by a character or two, which wrapped alone ("拍" / "摄")
            VBox item;
            if (row.held().isEmpty()) {
                item = new VBox(Fx.label(n++ + ". " + row.name(), "material-name"), Fx.label(row.form(), "hint"),
                        Fx.label(row.source(), "hint"), Fx.label(row.note(), "hint"));
            } else {
                // fetched from the centre: not captured, and the resident may still lay the paper instead
                var held = Fx.label(row.held(), "material-held");
                held.setId("material-held-" + row.id());
                item = new VBox(Fx.label(n++ + ". " + row.name(), "material-name"), held,
                        Fx.button("lay-paper-" + row.id(), m.get("materials.lay-paper"), "secondary-button",
                                () -> vm.layPaperInstead(row.id())));
                item.getStyleClass().add("material-row-held");
            }
            item.setId("material-" + row.id());
            item.getStyleClass().add("material-row");
            list.getChildren().add(item);
        }
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        vm.printedProperty().set(false);
        var print = Fx.button("materials-print", m.get("materials.print"), "secondary-button", vm::printChecklist);
        print.disableProperty().bind(shell.busyProperty());
        var actions = Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), print,
                Fx.button("materials-start", m.get("materials.start"), "big-button", vm::proceed));
        var printed = Fx.label(m.get("materials.printed"), "hint");
        printed.setId("materials-printed");
        printed.visibleProperty().bind(vm.printedProperty());
        getChildren().addAll(scroll, Fx.label(vm.promise(), "hint"), actions, printed);
    }
}
