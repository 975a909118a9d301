package org.openkiosk.app.ui.help;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/**
 * What remote help adds to the shell, and no more: one control ("呼叫帮助", in the top bar of every resident screen)
 * and one banner (consent in plain words, then "工作人员正在协助您" with staff's message in large type and "结束帮助",
 * or the hotline when the centre cannot be reached). Both follow the current session's {@link HelpViewModel}; the
 * shell builds them anew with each session. Styled by {@code .help-call} and {@code .help-banner} in kiosk.css.
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

    /** The banner under the screen: empty (and taking no room) while no help is asked. */
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
                Label message = text("help-message", "", "help-message");
                message.textProperty().bind(help.messageProperty());
                message.visibleProperty().bind(help.messageProperty().isNotEmpty());
                message.managedProperty().bind(message.visibleProperty());
                banner.getChildren().addAll(status, message,
                        actions(Fx.button("help-end", m.get("help.end"), "big-button", help::end)));
            }
            case UNREACHABLE -> banner.getChildren().addAll(
                    text("help-unreachable", m.get("help.unreachable", help.hotline()), "help-text"),
                    actions(Fx.button("help-close", m.get("help.close"), "secondary-button", help::end)));
            default -> { }
        }
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
