package org.openkiosk.app.ui.home;

import javafx.geometry.Pos;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** The home screen: one large button to start, and the promise about personal data. */
public final class HomeView extends VBox {
    public HomeView(ShellViewModel shell) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        setId("home-screen");
        setAlignment(Pos.CENTER);
        setSpacing(40);
        getChildren().addAll(Fx.label(m.get("home.welcome"), "title"), Fx.label(m.get("home.hint"), "hint"),
                Fx.button("start", m.get("home.start"), "big-button", shell::start),
                Fx.button("progress", m.get("home.progress"), "secondary-button", shell::startProgress),
                Fx.label(m.get("home.privacy"), "hint"));
    }
}
