package org.openkiosk.app.ui.form;

import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.keyboard.OnScreenKeyboard;

/** The card's details for checking, then each remaining field with its hint and problem. */
public final class FormView extends VBox {
    public FormView(ShellViewModel shell, FormViewModel vm) {
        Messages m = shell.messages();
        Locale locale = shell.localeProperty().get();
        getStyleClass().add("screen");
        GridPane card = new GridPane();
        card.setHgap(24);
        card.setVgap(6);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "出生日期" on one line, never broken
        card.getColumnConstraints().add(labels);
        int r = 0;
        for (FormViewModel.CardRow row : vm.cardRows()) {
            card.add(Fx.label(m.get(row.labelKey()), "field-label"), 0, r);
            // the ID number is read as one piece, never broken across lines
            Label value = row.labelKey().equals("form.idNumber") ? Fx.unbroken(row.value(), "hint")
                    : Fx.label(row.value(), "hint");
            value.setId("card-" + row.labelKey().substring("form.".length()));
            org.openkiosk.app.ui.help.ScreenFrames.personal(value); // the card's name, number, address: masked in remote help's frames
            card.add(value, 1, r++);
        }
        OnScreenKeyboard keyboard = new OnScreenKeyboard();
        VBox fields = new VBox(10);
        for (FormViewModel.FieldRow row : vm.fieldRows()) {
            FormField f = row.field();
            Label label = Fx.label(f.label().in(locale) + (f.required() ? " *" : ""), "field-label");
            Label error = Fx.label("", "field-error");
            error.setId("error-" + f.id());
            error.textProperty().bind(row.errorProperty());
            fields.getChildren().addAll(label, input(row, locale, keyboard));
            if (!f.hint().in(locale).equals(f.label().in(locale))) {
                fields.getChildren().add(Fx.label(f.hint().in(locale), "hint"));
            }
            if (!row.later().isEmpty()) {
                Label later = Fx.label(row.later(), "from-document");
                later.setId("later-" + f.id());
                fields.getChildren().add(later);
            }
            fields.getChildren().add(error);
        }
        // why the photo is missing, at the width of the other texts: squeezed into the photo's frame it made a column
        // of a few characters a line, the last line holding one
        Label photoWhy = Fx.label(m.get("form.photoWhy"), "hint");
        photoWhy.setId("card-photo-why");
        ScrollPane scroll = new ScrollPane(new VBox(16, Fx.label(m.get("form.fromCard"), "hint"),
                new HBox(32, card, photoPlaceholder(m)), photoWhy, fields));
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        // the keyboard under the form on a portrait screen; beside it on a landscape one, where under it (with the
        // remote-help banner up) it left an elderly resident's form one row: the field typed into and nothing around it
        VBox column = new VBox(scroll);
        column.getStyleClass().add("form-body");
        HBox body = new HBox(column);
        body.getStyleClass().add("form-body");
        HBox.setHgrow(column, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(body, javafx.scene.layout.Priority.ALWAYS);
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                boolean beside = scene.getWidth() > scene.getHeight();
                keyboard.setNarrow(beside);
                (beside ? body : column).getChildren().add(keyboard);
            }
        });
        // the title whole, never squeezed to its first line when the screen is full (portrait, elderly, English)
        Label title = Fx.label(m.get("form.title"), "title");
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(title, body,
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back),
                        Fx.button("form-next", m.get("form.next"), "big-button", vm::next)));
    }

    /**
     * Where the card's photo would be. The chip holds it as WLT, a licensed compressed format that only the Ministry of
     * Public Security's decoder library can turn into an image, so the kiosk shows a frame, and says why below it.
     */
    private static VBox photoPlaceholder(Messages m) {
        Label title = Fx.label(m.get("form.photo"), "field-label");
        title.setId("card-photo-placeholder");
        VBox frame = new VBox(8, title);
        frame.setAlignment(javafx.geometry.Pos.CENTER);
        frame.setPadding(new javafx.geometry.Insets(12));
        frame.getStyleClass().add("photo-frame"); // the 358 x 441 proportions of the card's photo, in type sizes
        frame.setStyle("-fx-border-color: #9aa5b1; -fx-border-style: dashed; -fx-border-width: 2;"
                + " -fx-background-color: rgba(154,165,177,0.12);");
        return frame;
    }

    private static javafx.scene.Node input(FormViewModel.FieldRow row, Locale locale, OnScreenKeyboard keyboard) {
        FormField f = row.field();
        if (f.type() == FormField.Type.CHOICE) {
            ToggleGroup group = new ToggleGroup();
            FlowPane choices = new FlowPane(12, 12);
            List<String> labels = row.choices(locale);
            for (int i = 0; i < labels.size(); i++) {
                ToggleButton b = new ToggleButton(labels.get(i));
                b.setId("field-" + f.id() + "-" + i);
                b.getStyleClass().add("choice");
                b.setToggleGroup(group);
                b.setSelected(i == row.chosenIndex());
                int index = i;
                b.setOnAction(e -> row.choose(index));
                choices.getChildren().add(b);
            }
            return choices;
        }
        TextField text = new TextField();
        text.setId("field-" + f.id());
        org.openkiosk.app.ui.help.ScreenFrames.personal(text);
        text.textProperty().bindBidirectional(row.valueProperty());
        OnScreenKeyboard.Mode mode = switch (f.type()) {
            case PHONE, ID_NUMBER, DATE -> OnScreenKeyboard.Mode.DIGITS;
            default -> OnScreenKeyboard.Mode.PINYIN;
        };
        keyboard.follow(text, mode);
        return text;
    }
}
