package org.openkiosk.app.ui.help;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.Icons;
import org.openkiosk.app.ui.ShellViewModel;

/**
 * What remote help adds to the shell, and no more: one control ("呼叫帮助", in the top bar of every resident screen)
 * and one banner (consent in plain words; then one compact line, "工作人员正在协助您" with staff's message in large type
 * beside "结束帮助", or the hotline when the centre cannot be reached). Both follow the current session's
 * {@link HelpViewModel}; the shell builds them anew with each session. Styled by {@code .help-call} and
 * {@code .help-banner} in kiosk.css.
 */
public final class HelpView {
    private HelpView() {
    }

    /** The "呼叫帮助" control; says at once when the centre cannot be reached. */
    public static Button control(ShellViewModel shell) {
        HelpViewModel help = shell.screens().help();
        Messages m = shell.messages();
        Button b = Fx.button("help-call", m.get("help.call"), "bar-button", help::press);
        b.getStyleClass().add("help-call");
        b.textProperty().bind(Bindings.createStringBinding(() -> switch (help.state()) {
            case UNREACHABLE -> m.get("help.call.unreachable", help.hotline());
            case CALLING, HELPING -> m.get("help.call.on");
            default -> m.get("help.call");
        }, help.stateProperty()));
        return b;
    }

    /**
     * The banner under the screen: empty (and taking no room) while no help is asked. While help is on (or being
     * called) it is one compact line, the state and staff's latest message beside "结束帮助", no taller than that button,
     * so that with the on-screen keyboard up the form above keeps the field typed into and the rows around it in view.
     * The consent question, asked once, has its text above its two answers.
     */
    public static Node banner(ShellViewModel shell) {
        HelpViewModel help = shell.screens().help();
        VBox banner = new VBox();
        banner.setId("help-banner");
        banner.getStyleClass().add("help-banner");
        Messages m = shell.messages();
        javafx.beans.value.ChangeListener<HelpViewModel.State> refill = (o, a, b) -> fill(banner, help, m);
        banner.getProperties().put(HelpView.class, refill); // held by the banner: a banner no longer shown goes
        help.stateProperty().addListener(new javafx.beans.value.WeakChangeListener<>(refill));
        fill(banner, help, m);
        return banner;
    }

    private static void fill(VBox banner, HelpViewModel help, Messages m) {
        banner.getChildren().clear();
        HelpViewModel.State state = help.state();
        banner.setVisible(state != HelpViewModel.State.OFF);
        banner.setManaged(state != HelpViewModel.State.OFF);
        switch (state) {
            case ASKING -> banner.getChildren().addAll(
                    text("help-consent-text", m.get("help.consent"), "help-text"),
                    actions(Fx.button("help-consent-yes", m.get("help.consent.yes"), "big-button", () -> help.consent(true)),
                            Fx.button("help-consent-no", m.get("help.consent.no"), "secondary-button",
                                    () -> help.consent(false))));
            case CALLING, HELPING -> {
                Label status = text("help-state", m.get(state == HelpViewModel.State.HELPING ? "help.helping" : "help.calling"),
                        "help-text");
                status.textProperty().bind(Bindings.createStringBinding(() -> help.reconnectingProperty().get()
                        ? m.get("help.reconnecting") : m.get(help.state() == HelpViewModel.State.HELPING ? "help.helping"
                        : "help.calling"), help.reconnectingProperty(), help.stateProperty()));
                status.setGraphic(Icons.of("help", "button-icon"));
                Label message = text("help-message", "", "help-message");
                message.textProperty().bind(help.messageProperty());
                message.visibleProperty().bind(help.messageProperty().isNotEmpty());
                message.managedProperty().bind(message.visibleProperty());
                banner.getChildren().add(line(words(status, message),
                        Fx.button("help-end", m.get("help.end"), "secondary-button", help::end)));
            }
            case UNREACHABLE -> banner.getChildren().add(line(
                    words(text("help-unreachable", m.get("help.unreachable", help.hotline()), "help-text")),
                    Fx.button("help-close", m.get("help.close"), "secondary-button", help::end)));
            default -> { }
        }
    }

    /**
     * What the banner says, in pieces side by side while they fit (the state, then staff's message in large type, on
     * their baselines), each moving whole to the next line when not, and wrapping within the room left of the button.
     */
    private static Region words(Label... pieces) {
        Words words = new Words();
        words.getChildren().addAll(pieces);
        words.getStyleClass().add("help-words");
        HBox.setHgrow(words, Priority.ALWAYS);
        return words;
    }

    /**
     * Text pieces laid like words: side by side on their baselines while they fit, a piece that does not moving whole
     * to the next line, a piece longer than a line wrapping within it; its height asked for the width it is given. (A
     * FlowPane measures a child's height as if unwrapped, so a message of two lines got the room of one and the banner
     * cut its last line off.) Gaps from {@code -fx-hgap} and {@code -fx-vgap} of {@code .help-words}.
     */
    private static final class Words extends FlowPane {
        /** One line: its pieces with their widths and heights, its baseline and height. */
        private record Line(List<Node> pieces, double[] widths, double[] heights, double baseline, double height) {
        }

        private List<Line> lines(double width) {
            double room = width < 0 ? Double.MAX_VALUE : Math.max(1, width - snappedLeftInset() - snappedRightInset());
            List<Line> lines = new ArrayList<>();
            List<Node> line = new ArrayList<>();
            double used = 0;
            for (Node piece : getManagedChildren()) {
                double w = Math.min(piece.prefWidth(-1), room);
                if (!line.isEmpty() && used + getHgap() + w > room) {
                    lines.add(line(line, room));
                    line = new ArrayList<>();
                    used = 0;
                }
                used += (line.isEmpty() ? 0 : getHgap()) + w;
                line.add(piece);
            }
            if (!line.isEmpty()) {
                lines.add(line(line, room));
            }
            return lines;
        }

        private static Line line(List<Node> pieces, double room) {
            double[] widths = new double[pieces.size()];
            double[] heights = new double[pieces.size()];
            double baseline = 0;
            for (int i = 0; i < pieces.size(); i++) {
                widths[i] = Math.min(pieces.get(i).prefWidth(-1), room);
                heights[i] = pieces.get(i).prefHeight(widths[i]);
                baseline = Math.max(baseline, pieces.get(i).getBaselineOffset());
            }
            double height = 0;
            for (int i = 0; i < pieces.size(); i++) {
                height = Math.max(height, baseline - pieces.get(i).getBaselineOffset() + heights[i]);
            }
            return new Line(pieces, widths, heights, baseline, height);
        }

        @Override
        protected double computeMinWidth(double height) {
            return snappedLeftInset() + snappedRightInset();
        }

        /**
         * None of its own: it takes the room the line leaves beside the button (it grows into it), so the button is
         * never squeezed (the stylesheet's minimum width of a secondary button is less than "End help" in elderly type).
         */
        @Override
        protected double computePrefWidth(double height) {
            return snappedLeftInset() + snappedRightInset();
        }

        @Override
        protected double computePrefHeight(double width) {
            double h = 0;
            for (Line l : lines(width)) {
                h += (h == 0 ? 0 : getVgap()) + l.height();
            }
            return snappedTopInset() + h + snappedBottomInset();
        }

        @Override
        protected double computeMinHeight(double width) {
            return computePrefHeight(width);
        }

        @Override
        protected void layoutChildren() {
            double y = snappedTopInset();
            for (Line l : lines(getWidth())) {
                double x = snappedLeftInset();
                for (int i = 0; i < l.pieces().size(); i++) {
                    layoutInArea(l.pieces().get(i), x, y, l.widths()[i], l.height(), l.baseline(), HPos.LEFT,
                            VPos.BASELINE);
                    x += l.widths()[i] + getHgap();
                }
                y += l.height() + getVgap();
            }
        }
    }

    /** One line: the words, then the button at the right, both centred on the line. */
    private static HBox line(Region words, Button button) {
        button.setMinWidth(Region.USE_PREF_SIZE); // "结束帮助" never broken
        button.setWrapText(false);
        HBox line = new HBox(words, button);
        line.getStyleClass().add("help-line");
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private static Label text(String id, String text, String styleClass) {
        Label l = Fx.label(text, styleClass);
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private static FlowPane actions(Button... buttons) {
        FlowPane p = new FlowPane(24, 16, buttons);
        p.getStyleClass().add("help-actions");
        return p;
    }
}
