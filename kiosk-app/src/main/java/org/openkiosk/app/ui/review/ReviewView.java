package org.openkiosk.app.ui.review;

import javafx.scene.control.CheckBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** The whole application once more, and the submit button. */
public final class ReviewView extends VBox {
    public ReviewView(ShellViewModel shell, ReviewViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(10);
        int r = 0;
        for (ReviewViewModel.Row row : vm.rows()) {
            grid.add(Fx.label(row.label(), "field-label"), 0, r);
            grid.add(org.openkiosk.app.ui.help.ScreenFrames.personal(Fx.label(row.value(), "hint")), 1, r++);
        }
        org.openkiosk.app.ui.keyboard.OnScreenKeyboard keyboard = new org.openkiosk.app.ui.keyboard.OnScreenKeyboard();
        VBox edits = new VBox(8);
        for (ReviewViewModel.EditRow row : vm.editRows()) {
            var f = row.field();
            javafx.scene.control.TextField text = new javafx.scene.control.TextField();
            text.setId("review-field-" + f.id());
            org.openkiosk.app.ui.help.ScreenFrames.personal(text);
            text.textProperty().bindBidirectional(row.valueProperty());
            keyboard.follow(text, switch (f.type()) {
                case PHONE, ID_NUMBER, DATE -> org.openkiosk.app.ui.keyboard.OnScreenKeyboard.Mode.DIGITS;
                default -> org.openkiosk.app.ui.keyboard.OnScreenKeyboard.Mode.PINYIN;
            });
            var label = Fx.label(f.label().in(shell.localeProperty().get()) + (f.required() ? " *" : ""), "field-label");
            var from = Fx.label(row.from().isEmpty() ? m.get("review.typeIt") : row.from(),
                    row.from().isEmpty() ? "hint" : row.pleaseCheck() ? "please-check" : "from-document");
            from.setId("review-from-" + f.id());
            var error = Fx.label("", "field-error");
            error.setId("review-error-" + f.id());
            error.textProperty().bind(row.errorProperty());
            edits.getChildren().addAll(label, text, from);
            if (!row.choices().isEmpty()) {
                // a rare character is hard to type: the readings the engine hesitated between, one tap each
                javafx.scene.layout.FlowPane choices = new javafx.scene.layout.FlowPane(12, 8);
                choices.setId("review-choices-" + f.id());
                for (int i = 0; i < row.choices().size(); i++) {
                    String choice = row.choices().get(i);
                    choices.getChildren().add(org.openkiosk.app.ui.help.ScreenFrames.personal(Fx.button(
                            "review-choice-" + f.id() + "-" + i, choice, "secondary-button", () -> row.choose(choice))));
                }
                edits.getChildren().addAll(Fx.label(m.get("review.choose"), "hint"), choices);
            }
            edits.getChildren().add(error);
        }
        ScrollPane scroll = new ScrollPane(new VBox(16, grid, edits));
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        CheckBox consent = new CheckBox(vm.consentText());
        consent.setId("review-consent");
        consent.setWrapText(true);
        consent.getStyleClass().add("consent");
        consent.selectedProperty().bindBidirectional(vm.consentProperty());
        var submit = vm.signedByHand()
                ? Fx.button("review-sign", m.get("review.toSignature"), "big-button", vm::submit)
                : Fx.button("review-submit", m.get("review.submit"), "big-button", vm::submit);
        submit.setGraphic(org.openkiosk.app.ui.Icons.of(vm.signedByHand() ? "sign" : "check", "button-icon"));
        submit.disableProperty().bind(shell.busyProperty().or(vm.consentProperty().not()));
        getChildren().addAll(Fx.label(m.get("review.title"), "title"), scroll, consent);
        if (!vm.editRows().isEmpty()) {
            getChildren().add(keyboard);
        }
        getChildren().add(
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), submit));
    }
}
