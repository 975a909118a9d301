package org.openkiosk.app.ui.catalogue;

import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** Every matter as a large button; life-event bundles stand out. */
public final class CatalogueView extends VBox {
    public CatalogueView(ShellViewModel shell, CatalogueViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        FlowPane grid = new FlowPane(16, 16);
        for (CatalogueViewModel.Item item : vm.items()) {
            String text = (item.bundle() ? "【" + m.get("catalogue.bundle") + "】" : "") + item.name() + "\n"
                    + m.get("catalogue.department", item.department());
            Button b = Fx.button("matter-" + item.id(), text, "matter-button", () -> vm.choose(item.id()));
            if (item.bundle()) {
                b.getStyleClass().add("bundle");
            }
            grid.getChildren().add(b);
        }
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        getChildren().addAll(Fx.label(m.get("catalogue.title"), "title"), scroll,
                Fx.button("back", m.get("app.back"), "secondary-button", shell::back));
    }
}
