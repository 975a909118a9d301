package org.openkiosk.app.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
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

    /**
     * A label kept on one line, for what a resident reads as one thing (an application number, a date with its
     * time), which a line break inside garbles ("2026-11-" then "27"). It never gets narrower than its text, so a
     * place too narrow for it shows as too wide rather than as a broken number; put it in {@link #pieces} to let it
     * move to a line of its own instead.
     */
    public static Label unbroken(String text, String styleClass) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        // not setWrapText(false): the stylesheet's wrapping of .hint would win over it
        l.getStyleClass().addAll(styleClass, "unbroken");
        return l;
    }

    /** Short pieces of text side by side while they fit on one line, each moving whole to the next when not. */
    public static FlowPane pieces(Node... pieces) {
        FlowPane row = new FlowPane(pieces);
        row.getStyleClass().add("pieces");
        return row;
    }

    /**
     * Sets Chinese text on a narrow wrapping control (a home tile) in lines of even length, broken by the control's
     * own width and type as laid out: "社会保障卡申领" in a tile of six characters a line reads "社会保障" / "卡申领", not
     * "社会保障卡申" / "领". Text with spaces (English) is left to the control's word wrapping.
     */
    public static void evenLines(javafx.scene.control.Labeled control, String text) {
        control.setText(text);
        if (text.contains(" ")) {
            return;
        }
        javafx.beans.InvalidationListener rebreak = o -> {
            double room = control.getWidth() - control.snappedLeftInset() - control.snappedRightInset();
            if (control.getGraphic() != null && (control.getContentDisplay() == javafx.scene.control.ContentDisplay.LEFT
                    || control.getContentDisplay() == javafx.scene.control.ContentDisplay.RIGHT)) {
                room -= control.getGraphic().prefWidth(-1) + control.getGraphicTextGap();
            }
            if (room <= 0) {
                return;
            }
            javafx.scene.text.Text probe = new javafx.scene.text.Text("国");
            probe.setFont(control.getFont());
            // a character and a half to spare: what the control itself fits is never fewer than this (full-width
            // punctuation and the label's own rounding made the estimate one too many)
            int perLine = Math.max(1, (int) Math.floor(room / probe.getLayoutBounds().getWidth() - 1.5));
            int length = text.codePointCount(0, text.length());
            String broken = text;
            if (length > perLine) {
                int lines = (length + perLine - 1) / perLine;
                // as even as can be: the first (length % lines) lines one character longer than the rest
                int shorter = length / lines;
                int longer = length % lines;
                StringBuilder b = new StringBuilder();
                int[] cps = text.codePoints().toArray();
                int next = 0;
                for (int line = 0; line < lines; line++) {
                    int count = shorter + (line < longer ? 1 : 0);
                    if (line > 0) {
                        b.append('\n');
                    }
                    for (int i = 0; i < count; i++) {
                        b.appendCodePoint(cps[next++]);
                    }
                }
                broken = b.toString();
            }
            if (!broken.equals(control.getText())) {
                control.setText(broken);
            }
        };
        control.widthProperty().addListener(rebreak);
        control.fontProperty().addListener(rebreak);
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
