package org.openkiosk.app.ui.rating;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.keyboard.OnScreenKeyboard;

/** Five large buttons; a poor rating opens a reason box; thanks, then home. */
public final class RatingView extends VBox {
    private static final javafx.css.PseudoClass CHOSEN = javafx.css.PseudoClass.getPseudoClass("chosen");

    public RatingView(ShellViewModel shell, RatingViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        setAlignment(Pos.CENTER);
        FlowPane levels = new FlowPane(16, 16);
        levels.setAlignment(Pos.CENTER);
        for (Rating r : Rating.values()) {
            Button b = Fx.button("rating-" + r, m.get("rating." + r), "rating-button", () -> vm.choose(r));
            b.disableProperty().bind(vm.thankedProperty());
            // the level chosen stays marked, so the resident sees what the reason box below is about
            // (a binding listens weakly to the model, which outlives this screen; the button keeps it alive)
            var chosen = Bindings.createBooleanBinding(() -> vm.chosenProperty().get() == r, vm.chosenProperty());
            b.getProperties().put("chosen", chosen);
            chosen.addListener((o, was, is) -> b.pseudoClassStateChanged(CHOSEN, is));
            b.pseudoClassStateChanged(CHOSEN, chosen.get());
            levels.getChildren().add(b);
        }
        var poor = Bindings.createBooleanBinding(
                () -> vm.chosenProperty().get() != null && vm.chosenProperty().get().needsReason(), vm.chosenProperty());
        Label ask = Fx.label(m.get("rating.reason"), "hint");
        TextField reason = org.openkiosk.app.ui.help.ScreenFrames.personal(new TextField());
        reason.setId("rating-reason");
        reason.textProperty().bindBidirectional(vm.reasonProperty());
        reason.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= RatingViewModel.MAX_REASON_CHARS ? change : null));
        Label needed = Fx.label(m.get("rating.reasonNeeded"), "field-error");
        needed.setId("rating-reason-needed");
        needed.visibleProperty().bind(vm.reasonMissingProperty());
        needed.managedProperty().bind(needed.visibleProperty());
        Button send = Fx.button("rating-send", m.get("rating.send"), "big-button", vm::send);
        // the reason is typed on the screen (pinyin with Chinese candidates): a kiosk has no keyboard of its own
        OnScreenKeyboard keyboard = new OnScreenKeyboard();
        keyboard.follow(reason, OnScreenKeyboard.Mode.PINYIN);
        VBox reasonBox = new VBox(10, ask, reason, needed, send, keyboard);
        reasonBox.visibleProperty().bind(poor.and(vm.thankedProperty().not()));
        reasonBox.managedProperty().bind(reasonBox.visibleProperty());
        Label thanks = Fx.label(m.get("rating.thanks"), "title");
        thanks.setId("rating-thanks");
        Button home = Fx.button("rating-home", m.get("app.home"), "big-button", vm::finish);
        VBox thanked = new VBox(20, thanks, home);
        thanked.setAlignment(Pos.CENTER);
        thanked.visibleProperty().bind(vm.thankedProperty());
        thanked.managedProperty().bind(thanked.visibleProperty());
        getChildren().addAll(Fx.label(m.get("rating.title"), "title"), levels, reasonBox, thanked);
    }
}
