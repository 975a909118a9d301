package org.openkiosk.app.ui.technician;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;

/**
 * The technician's PIN pad over a {@link PinPadViewModel}: on-screen digits, the PIN shown as dots, a plain message,
 * and cancel ({@code onCancel}).
 */
public final class PinPadView extends StackPane {
    public PinPadView(PinPadViewModel vm, Messages m, Runnable onCancel) {
        setId("tech-pin");
        getStyleClass().add("tech-veil");
        Label title = Fx.label(m.get("tech.pin.title"), "title");
        Label dots = new Label();
        dots.setId("tech-pin-dots");
        dots.getStyleClass().add("tech-pin-dots");
        dots.textProperty().bind(Bindings.createStringBinding(() -> "●".repeat(vm.lengthProperty().get()),
                vm.lengthProperty()));
        Label message = Fx.label("", "hint");
        message.setId("tech-pin-message");
        message.textProperty().bind(vm.messageProperty());
        message.setMaxWidth(560);
        message.setAlignment(Pos.CENTER);
        message.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);

        GridPane keys = new GridPane();
        keys.setHgap(12);
        keys.setVgap(12);
        keys.setAlignment(Pos.CENTER);
        keys.setId("tech-pin-keys");
        for (int d = 1; d <= 9; d++) {
            keys.add(key(vm, d), (d - 1) % 3, (d - 1) / 3);
        }
        Button back = Fx.button("tech-pin-back", "⌫", "tech-key", vm::backspace);
        Button ok = Fx.button("tech-pin-ok", m.get("tech.pin.ok"), "tech-key", vm::submit);
        ok.getStyleClass().add("tech-key-ok");
        keys.add(back, 0, 3);
        keys.add(key(vm, 0), 1, 3);
        keys.add(ok, 2, 3);
        keys.disableProperty().bind(vm.usableProperty().not().or(vm.checkingProperty()));
        keys.visibleProperty().bind(vm.usableProperty());
        keys.managedProperty().bind(vm.usableProperty());

        Button cancel = Fx.button("tech-pin-cancel", m.get("tech.pin.cancel"), "secondary-button", onCancel);
        cancel.getStyleClass().add("tech-cancel");
        VBox panel = new VBox(20, title, dots, message, keys, cancel);
        panel.setAlignment(Pos.CENTER);
        panel.getStyleClass().add("tech-panel");
        panel.setMaxSize(640, USE_PREF_SIZE);
        getChildren().add(panel);
    }

    private static Button key(PinPadViewModel vm, int d) {
        Button b = Fx.button("tech-pin-" + d, String.valueOf(d), "tech-key", () -> vm.digit(d));
        b.setFocusTraversable(false);
        return b;
    }
}
