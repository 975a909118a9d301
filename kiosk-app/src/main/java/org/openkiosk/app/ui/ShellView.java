package org.openkiosk.app.ui;

import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.capture.CaptureView;
import org.openkiosk.app.ui.catalogue.CatalogueView;
import org.openkiosk.app.ui.done.DoneView;
import org.openkiosk.app.ui.form.FormView;
import org.openkiosk.app.ui.help.HelpView;
import org.openkiosk.app.ui.home.HomeView;
import org.openkiosk.app.ui.idcard.IdCardView;
import org.openkiosk.app.ui.materials.MaterialsView;
import org.openkiosk.app.ui.progress.ProgressView;
import org.openkiosk.app.ui.rating.RatingView;
import org.openkiosk.app.ui.review.ReviewView;

/**
 * The frame around every screen: the title bar with language, elderly mode and home, the current screen,
 * and the problem bar. Each screen is built anew when shown, so nothing of a previous view lingers.
 */
public final class ShellView extends BorderPane {
    private final ShellViewModel vm;

    public ShellView(ShellViewModel vm) {
        this.vm = vm;
        setId("shell");
        vm.shownProperty().addListener((o, a, b) -> rebuild());
        vm.localeProperty().addListener((o, a, b) -> rebuild());
        vm.elderlyProperty().addListener((o, a, b) -> applyMode());
        vm.speechProperty().addListener((o, a, b) -> setTop(top()));
        vm.stepsProperty().addListener((o, a, b) -> setTop(top()));
        vm.spokenProperty().addListener((o, a, b) -> setTop(top()));
        vm.problemProperty().addListener((o, a, b) -> setBottom(problemBar()));
        vm.devicesDownProperty().addListener((o, a, b) -> {
            if (vm.step() == org.openkiosk.app.flow.Step.HOME
                    || vm.step() == org.openkiosk.app.flow.Step.CATALOGUE) {
                setCenter(screen());
            }
        });
        applyMode();
        rebuild();
    }

    /** {@code .elderly} in kiosk.css scales every size below the shell by 1.5 and raises the contrast. */
    private void applyMode() {
        getStyleClass().remove("elderly");
        if (vm.elderlyProperty().get()) {
            getStyleClass().add("elderly");
        }
        setTop(top());
    }

    private void rebuild() {
        setTop(top());
        setCenter(screen());
        setBottom(problemBar());
    }

    /**
     * The title bar, then on a trip the step bar, and while prompts are spoken the prompt in words ("再听一遍" is in the
     * title bar). Kept to a plain column so that another bar (remote help) can be added to it.
     */
    private Node top() {
        VBox top = new VBox(topBar());
        top.setId("shell-top");
        TripSteps steps = vm.stepsProperty().get();
        boolean speaking = vm.speechProperty().get() && !vm.spokenProperty().get().isEmpty();
        Label prompt = null;
        if (speaking) {
            // under the step bar, which already says where the resident is, only what to do; elsewhere all of it
            String said = steps != null && steps.settled() ? vm.promptSentence() : vm.spokenProperty().get();
            prompt = Fx.label(said, "prompt-text");
            prompt.setId("spoken-prompt");
            prompt.setGraphic(Icons.of("speaker", "prompt-icon"));
            prompt.setMaxWidth(Double.MAX_VALUE);
            prompt.setMinHeight(Region.USE_PREF_SIZE);
        }
        if (steps != null) {
            top.getChildren().add(new StepBar(steps, vm.messages(), prompt));
        } else if (prompt != null) {
            Fx.evenLines(prompt, prompt.getText());
            VBox bar = new VBox(prompt);
            bar.getStyleClass().add("prompt-bar");
            top.getChildren().add(bar);
        }
        return top;
    }

    private Node topBar() {
        Messages m = vm.messages();
        Label title = new Label(m.get("app.title"));
        Button language = Fx.button("language", m.get("app.language"), "bar-button", vm::toggleLanguage);
        Button elderly = Fx.button("elderly", m.get(vm.elderlyProperty().get() ? "app.elderly.off" : "app.elderly.on"),
                "bar-button", vm::toggleElderly);
        Button speech = Fx.button("speech", m.get(vm.speechProperty().get() ? "app.speech.off" : "app.speech.on"),
                "bar-button", vm::toggleSpeech);
        // the buttons sit at the right and wrap onto a second row where the screen is too narrow for them beside
        // the title (portrait in elderly mode): neither the title nor a button is ever cut short
        FlowPane buttons = new FlowPane(HelpView.control(vm), language, elderly, speech);
        buttons.getStyleClass().add("bar-buttons");
        buttons.setAlignment(Pos.CENTER_RIGHT);
        if (vm.speechProperty().get() && !vm.spokenProperty().get().isEmpty()) {
            Button again = Fx.button("speech-repeat", m.get("app.speech.repeat"), "bar-button", vm::repeatSpeech);
            again.setGraphic(Icons.of("speaker", "button-icon"));
            buttons.getChildren().add(again);
        }
        if (vm.step() != org.openkiosk.app.flow.Step.HOME) {
            buttons.getChildren().add(Fx.button("home", m.get("app.home"), "bar-button", vm::endSession));
        }
        buttons.getChildren().stream().map(n -> (Button) n).forEach(b -> {
            b.setWrapText(false);
            b.setMinWidth(Region.USE_PREF_SIZE);
        });
        title.setMinWidth(Region.USE_PREF_SIZE);
        return new TitleBar(title, buttons);
    }

    /**
     * The title bar: the title at the left and the buttons at the right, wrapping onto more rows beside it where they
     * must; when the buttons take less height on rows of their own under the title (English in elderly mode), they go
     * there, at the right. Squeezed beside the title they stood one a row, and the bar took a third of a portrait
     * screen.
     */
    private static final class TitleBar extends Region {
        private final Label title;
        private final FlowPane buttons;

        TitleBar(Label title, FlowPane buttons) {
            this.title = title;
            this.buttons = buttons;
            getChildren().addAll(title, buttons);
            getStyleClass().add("top-bar");
        }

        /** Its height depends on its width (one line or two): the shell asks for it at the width it gives. */
        @Override
        public javafx.geometry.Orientation getContentBias() {
            return javafx.geometry.Orientation.HORIZONTAL;
        }

        /** The buttons' width on one row. */
        private double row() {
            double w = buttons.snappedLeftInset() + buttons.snappedRightInset();
            for (Node b : buttons.getChildren()) {
                w += b.prefWidth(-1);
            }
            return w + Math.max(0, buttons.getChildren().size() - 1) * buttons.getHgap();
        }

        private double inner(double width) {
            return width - snappedLeftInset() - snappedRightInset();
        }

        /** The height of the buttons beside the title (in as many rows as the room beside it takes). */
        private double besideHeight(double width) {
            double room = width < 0 ? row() : inner(width) - title.prefWidth(-1) - buttons.getHgap();
            return Math.max(title.prefHeight(-1), buttons.prefHeight(Math.max(room, 0)));
        }

        /** The height of the title on a line of its own with the buttons in rows under it. */
        private double stackedHeight(double width) {
            return title.prefHeight(inner(width)) + buttons.getVgap() + buttons.prefHeight(inner(width));
        }

        /** Under the title only where that takes less height than beside it. */
        private boolean oneLine(double width) {
            return width < 0 || besideHeight(width) <= stackedHeight(width) + 0.5;
        }

        @Override
        protected double computePrefWidth(double height) {
            return snappedLeftInset() + title.prefWidth(-1) + buttons.getHgap() + row() + snappedRightInset();
        }

        @Override
        protected double computePrefHeight(double width) {
            double content = oneLine(width) ? besideHeight(width) : stackedHeight(width);
            return snappedTopInset() + content + snappedBottomInset();
        }

        @Override
        protected void layoutChildren() {
            double x = snappedLeftInset();
            double y = snappedTopInset();
            double w = inner(getWidth());
            double h = getHeight() - y - snappedBottomInset();
            if (oneLine(getWidth())) {
                double t = title.prefWidth(-1);
                layoutInArea(title, x, y, t, h, 0, HPos.LEFT, VPos.CENTER);
                layoutInArea(buttons, x + t + buttons.getHgap(), y, w - t - buttons.getHgap(), h, 0, HPos.RIGHT,
                        VPos.CENTER);
            } else {
                double t = title.prefHeight(w);
                layoutInArea(title, x, y, w, t, 0, HPos.LEFT, VPos.CENTER);
                layoutInArea(buttons, x, y + t + buttons.getVgap(), w, h - t - buttons.getVgap(), 0, HPos.RIGHT,
                        VPos.TOP);
            }
        }
    }

    private Node problemBar() {
        if (vm.problemProperty().get() == null) {
            return HelpView.banner(vm);
        }
        Label problem = Fx.label(vm.messages().get("problem." + vm.problemProperty().get()), "problem");
        problem.setId("problem");
        problem.setMaxWidth(Double.MAX_VALUE);
        return new javafx.scene.layout.VBox(HelpView.banner(vm), problem);
    }

    private Node screen() {
        ScreenModels s = vm.screens();
        return switch (vm.step()) {
            case HOME -> DeviceNotices.onHome(vm, new HomeView(vm));
            case CATALOGUE -> DeviceNotices.onCatalogue(vm, new CatalogueView(vm, s.catalogue()));
            case MATERIALS -> new MaterialsView(vm, s.materials());
            case ID_CARD, PROGRESS_CARD -> new IdCardView(vm, s.idCard());
            case CONSENT -> new org.openkiosk.app.ui.consent.ConsentView(vm, s.consent());
            case PROGRESS -> new ProgressView(vm, s.progress());
            case FORM -> new FormView(vm, s.form());
            case CAPTURE -> new CaptureView(vm, s.capture());
            case REVIEW -> new ReviewView(vm, s.review());
            case SIGNATURE -> new org.openkiosk.app.ui.signature.SignatureView(vm, s.signature());
            case DONE -> new DoneView(vm, s.done());
            case RATING -> new RatingView(vm, s.rating());
        };
    }
}
