package org.openkiosk.app.ui.keyboard;

import java.util.List;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseEvent;
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
    private boolean narrow;
    private final StringBuilder syllable = new StringBuilder();
    private final HBox composingRow = new HBox(12, composing);
    /** A finger (or the mouse) is down on the screen now. */
    private boolean pointerDown;
    /** The field lost the focus while a finger was down: the keyboard goes once the finger is lifted. */
    private boolean hideOnRelease;
    private final EventHandler<MouseEvent> pressed = e -> pointerDown = true;
    private final EventHandler<MouseEvent> released = e -> {
        pointerDown = false;
        if (hideOnRelease) {
            hideOnRelease = false;
            if (target != null && !target.isFocused()) {
                hide();
            }
        }
    };

    public OnScreenKeyboard() {
        setId("keyboard");
        getStyleClass().add("keyboard");
        setSpacing(8);
        setAlignment(Pos.CENTER);
        composing.setId("keyboard-composing");
        candidates.setAlignment(Pos.CENTER);
        keys.setAlignment(Pos.CENTER);
        setMaxWidth(Double.MAX_VALUE);
        composingRow.managedProperty().bind(composingRow.visibleProperty());
        getChildren().addAll(composingRow, candidates, keys);
        setVisible(false);
        setManaged(false);
        sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.removeEventFilter(MouseEvent.MOUSE_PRESSED, pressed);
                old.removeEventFilter(MouseEvent.MOUSE_RELEASED, released);
            }
            if (scene != null) {
                scene.addEventFilter(MouseEvent.MOUSE_PRESSED, pressed);
                scene.addEventFilter(MouseEvent.MOUSE_RELEASED, released);
            }
        });
    }

    /**
     * Shows the keyboard whenever {@code field} has the focus, and hides it when the focus moves on. A tap on another
     * control takes the focus as the finger goes down; the keyboard waits until the finger is lifted, so the screen
     * does not move under the finger and the tap lands on what the resident pressed.
     */
    public void follow(TextInputControl field, Mode fieldMode) {
        field.focusedProperty().addListener((o, was, is) -> {
            if (is) {
                attach(field, fieldMode);
            } else if (target == field) {
                if (pointerDown) {
                    hideOnRelease = true;
                } else {
                    hide();
                }
            }
        });
    }

    /** Shows the keyboard for {@code field} in {@code mode}. */
    public void attach(TextInputControl field, Mode newMode) {
        target = field;
        mode = newMode;
        hideOnRelease = false;
        syllable.setLength(0);
        composingRow.setVisible(mode == Mode.PINYIN);
        layoutKeys();
        refreshCandidates();
        setVisible(true);
        setManaged(true);
        keepInView(field);
    }

    /**
     * The keyboard takes room from the screen above it: once laid out, the field being typed into is scrolled back
     * into view, so the resident sees what they type.
     */
    private void keepInView(TextInputControl field) {
        javafx.application.Platform.runLater(() -> {
            if (target != field || field.getScene() == null) {
                return;
            }
            field.getScene().getRoot().applyCss(); // the new keys' sizes come from the stylesheet
            field.getScene().getRoot().layout();
            for (javafx.scene.Node p = field.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane sp && sp.getContent() != null) {
                    double content = sp.getContent().getBoundsInLocal().getHeight();
                    double view = sp.getViewportBounds().getHeight();
                    if (content <= view) {
                        return;
                    }
                    Bounds f = sp.getContent().sceneToLocal(field.localToScene(field.getBoundsInLocal()));
                    double top = sp.getVvalue() * (content - view);
                    // the field with its label above it, if there is room for both
                    double above = Math.min(f.getHeight() * 1.2, Math.max(0, view - f.getHeight()));
                    if (f.getMinY() - above < top) {
                        top = f.getMinY() - above;
                    } else if (f.getMaxY() > top + view) {
                        top = f.getMaxY() - view;
                    } else {
                        return;
                    }
                    sp.setVvalue(Math.max(0, Math.min(1, top / (content - view))));
                    return;
                }
            }
        });
    }

    public void hide() {
        target = null;
        hideOnRelease = false;
        setVisible(false);
        setManaged(false);
    }

    /**
     * Narrow: the digit pad three keys wide (delete and done on a row of their own), for a keyboard beside a form
     * rather than under it, so the form keeps its width.
     */
    public void setNarrow(boolean narrow) {
        if (this.narrow != narrow) {
            this.narrow = narrow;
            if (target != null) {
                layoutKeys();
            }
        }
    }

    private void layoutKeys() {
        keys.getChildren().clear();
        String[] rows = switch (mode) {
            case DIGITS -> narrow ? new String[] {"123", "456", "789", "X0-", ""}
                    : new String[] {"123", "456", "789", "X0-"};
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
