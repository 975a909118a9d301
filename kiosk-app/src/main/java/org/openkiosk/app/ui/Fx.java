package org.openkiosk.app.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** Small builders for the kiosk's few kinds of controls, so every screen looks and sizes alike. */
public final class Fx {
    private Fx() {
    }

    public static VBox screen() {
        VBox box = new VBox();
        box.getStyleClass().add("screen");
        return box;
    }

    /** A row of action buttons that wraps onto a second line rather than pushing past a narrow screen. */
    public static FlowPane actions(Node... buttons) {
        FlowPane row = new FlowPane(24, 16, buttons);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    public static Label label(String text, String styleClass) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add(styleClass);
        return l;
    }

    public static Button button(String id, String text, String styleClass, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setWrapText(true);
        b.getStyleClass().add(styleClass);
        b.setOnAction(e -> action.run());
        return b;
    }
}
