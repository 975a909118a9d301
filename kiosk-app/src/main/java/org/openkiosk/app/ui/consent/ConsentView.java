package org.openkiosk.app.ui.consent;

import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** 授权调取: what would be fetched and why, agree or say no. Plain nodes with style classes the design system styles. */
public final class ConsentView extends VBox {
    public ConsentView(ShellViewModel shell, ConsentViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().addAll("screen", "consent-screen");
        setId("consent-screen");
        VBox list = new VBox(8);
        for (ConsentViewModel.Row row : vm.rows()) {
            var item = Fx.label(row.text(), "material-name");
            item.setId("consent-" + row.materialId());
            item.getStyleClass().add("consent-row");
            list.getChildren().add(item);
        }
        var agree = Fx.button("consent-agree", m.get("consent.agree"), "big-button", vm::agree);
        agree.disableProperty().bind(shell.busyProperty());
        var refuse = Fx.button("consent-refuse", m.get("consent.refuse"), "secondary-button", vm::refuse);
        refuse.disableProperty().bind(shell.busyProperty());
        getChildren().addAll(Fx.label(m.get("consent.title"), "title"), Fx.label(m.get("consent.what"), "hint"), list,
                Fx.label(m.get("consent.why"), "hint"),
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), refuse, agree));
    }
}
