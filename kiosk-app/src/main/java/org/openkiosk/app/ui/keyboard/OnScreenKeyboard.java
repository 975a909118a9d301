package org.openkiosk.app.ui.keyboard;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.openkiosk.app.catalogue.Pinyin;

/**
 * A touch keyboard for the few fields that need typing: a digit pad (phone, ID and dates), letters (pinyin
 * initials in search), and pinyin with a row of Chinese candidates. It types into whichever field it is
 * attached to; a physical keyboard keeps working alongside.
 */
public final class OnScreenKeyboard extends VBox {
    /** {@code TEXT}: digits, letters and the few signs of paths and addresses (technician mode's settings). */
    public enum Mode { DIGITS, LETTERS, PINYIN, TEXT }

    private static final int CANDIDATES = 12;
    private final Label composing = new Label();
    private final FlowPane candidates = new FlowPane(8, 8);
    private final VBox keys = new VBox(8);
    private TextInputControl target;
    private Mode mode = Mode.DIGITS;
    private final StringBuilder syllable = new StringBuilder();

    public OnScreenKeyboard() {
        setId("keyboard");
        getStyleClass().add("keyboard");
        setSpacing(8);
        setAlignment(Pos.CENTER);
        composing.setId("keyboard-composing");
        candidates.setAlignment(Pos.CENTER);
        keys.setAlignment(Pos.CENTER);
        setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(new HBox(12, composing), candidates, keys);
        setVisible(false);
        setManaged(false);
    }

    /** Shows the keyboard whenever {@code field} has the focus, and hides it when the focus moves on. */
    public void follow(TextInputControl field, Mode fieldMode) {
        field.focusedProperty().addListener((o, was, is) -> {
            if (is) {
                attach(field, fieldMode);
            } else if (target == field) {
                hide();
            }
        });
    }

    /** Shows the keyboard for {@code field} in {@code mode}. */
    public void attach(TextInputControl field, Mode newMode) {
        target = field;
        mode = newMode;
        syllable.setLength(0);
        layoutKeys();
        refreshCandidates();
        setVisible(true);
        setManaged(true);
    }

    public void hide() {
        target = null;
        setVisible(false);
        setManaged(false);
    }

    private void layoutKeys() {
        keys.getChildren().clear();
        String[] rows = switch (mode) {
            case DIGITS -> new String[] {"123", "456", "789", "X0-"};
            case TEXT -> new String[] {"1234567890", "qwertyuiop", "asdfghjkl:", "zxcvbnm/.-_"};
            default -> new String[] {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
        };
        for (int r = 0; r < rows.length; r++) {
            HBox row = new HBox(8);
            row.setAlignment(Pos.CENTER);
            for (char c : rows[r].toCharArray()) {
                row.getChildren().add(key(String.valueOf(c), "key-" + c, () -> press(c)));
            }
            if (r == rows.length - 1) {
                row.getChildren().add(key("⌫", "key-backspace", this::backspace));
                if (mode != Mode.DIGITS) {
                    row.getChildren().add(key("␣", "key-space", () -> type(" ")));
                }
                row.getChildren().add(key("✓", "key-done", this::hide));
            }
            keys.getChildren().add(row);
        }
    }

    private Button key(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("key");
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void press(char c) {
        if (mode == Mode.PINYIN) {
            syllable.append(c);
            refreshCandidates();
        } else {
            type(String.valueOf(c));
        }
    }

    private void backspace() {
        if (mode == Mode.PINYIN && !syllable.isEmpty()) {
            syllable.setLength(syllable.length() - 1);
            refreshCandidates();
        } else if (target != null && !target.getText().isEmpty()) {
            target.setText(target.getText().substring(0, target.getText().length() - 1));
            target.positionCaret(target.getText().length());
        }
    }

    private void type(String s) {
        if (target != null) {
            target.setText(target.getText() + s);
            target.positionCaret(target.getText().length());
        }
    }

    private void refreshCandidates() {
        candidates.getChildren().clear();
        composing.setText(syllable.toString());
        if (mode != Mode.PINYIN || syllable.isEmpty()) {
            return;
        }
        List<Character> found = Pinyin.candidatesForPrefix(syllable.toString(), CANDIDATES);
        for (int i = 0; i < found.size(); i++) {
            char c = found.get(i);
            candidates.getChildren().add(key(String.valueOf(c), "candidate-" + i, () -> {
                type(String.valueOf(c));
                syllable.setLength(0);
                refreshCandidates();
            }));
        }
    }
}
