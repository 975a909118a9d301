package org.openkiosk.app.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TouchEvent;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.openkiosk.app.flow.Step;

/**
 * The kiosk's scene: the shell with the kiosk stylesheet, and the idle guard. When nobody has touched the
 * screen for the idle timeout (and nothing is under way), the session ends and everything of the resident
 * is wiped.
 */
public final class KioskUi {
    private final Scene scene;
    private final ShellViewModel vm;
    private final java.time.Duration idleTimeout;
    private final PauseTransition idle = new PauseTransition();
    private final Timeline countdown;
    /** Technician mode, or null on a kiosk built without it. */
    private final org.openkiosk.app.ui.technician.TechnicianViewModel technician;
    /** Remote help's screen stream and pointer ring. */
    private final org.openkiosk.app.ui.help.HelpLayer help;

    public KioskUi(ShellViewModel vm, double width, double height, java.time.Duration idleTimeout) {
        this(vm, null, width, height, idleTimeout);
    }

    /**
     * With technician mode: its layer lies above everything else, opened by the hidden corner gesture; the idle
     * guard closes it like a resident's session.
     */
    public KioskUi(ShellViewModel vm, org.openkiosk.app.ui.technician.TechnicianViewModel technician, double width,
                   double height, java.time.Duration idleTimeout) {
        this.vm = vm;
        this.technician = technician;
        this.idleTimeout = idleTimeout;
        StackPane root = new StackPane(new ShellView(vm), warning());
        this.help = new org.openkiosk.app.ui.help.HelpLayer(vm);
        root.getChildren().add(help);
        org.openkiosk.app.ui.technician.TechnicianLayer techLayer = null;
        if (technician != null) {
            techLayer = new org.openkiosk.app.ui.technician.TechnicianLayer(technician);
            // nothing of technician mode (configuration, logs, a card read) goes out in a remote help frame
            org.openkiosk.app.ui.help.ScreenFrames.personal(techLayer);
            root.getChildren().add(techLayer);
        }
        this.scene = new Scene(root, width, height);
        if (techLayer != null) {
            techLayer.watchCorner(scene);
            technician.modeProperty().addListener((o, a, b) -> restartIdle());
        }
        scene.getStylesheets().add(KioskUi.class.getResource("/ui/kiosk.css").toExternalForm());
        idle.setOnFinished(e -> onIdle());
        countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        for (var type : new javafx.event.EventType<?>[] {MouseEvent.MOUSE_PRESSED, TouchEvent.TOUCH_PRESSED,
                KeyEvent.KEY_PRESSED, ScrollEvent.SCROLL}) {
            @SuppressWarnings("unchecked")
            var t = (javafx.event.EventType<Event>) type;
            scene.addEventFilter(t, e -> restartIdle());
        }
        for (var type : new javafx.event.EventType<?>[] {MouseEvent.MOUSE_PRESSED, TouchEvent.TOUCH_PRESSED,
                KeyEvent.KEY_PRESSED}) {
            @SuppressWarnings("unchecked")
            var t = (javafx.event.EventType<Event>) type;
            scene.addEventFilter(t, e -> vm.residentActed()); // speech stops when the resident acts
        }
        vm.stepProperty().addListener((o, a, b) -> restartIdle());
        vm.busyProperty().addListener((o, a, b) -> restartIdle());
        vm.elderlyProperty().addListener((o, a, b) -> restartIdle());
        restartIdle();
    }

    /** Elderly residents get twice as long; the last part of the wait is a visible countdown. */
    private Duration quiet() {
        double total = idleTimeout.toMillis() * (vm.elderlyProperty().get() ? 2 : 1);
        return Duration.millis(total - warningSeconds() * 1000.0);
    }

    private int warningSeconds() {
        long total = idleTimeout.toSeconds() * (vm.elderlyProperty().get() ? 2 : 1);
        return (int) Math.max(1, Math.min(20, total / 2));
    }

    private void restartIdle() {
        countdown.stop();
        vm.idleCountdownProperty().set(0);
        idle.stop();
        idle.setDuration(quiet());
        idle.playFromStart();
    }

    private void onIdle() {
        if (technician != null && technician.isActive()) {
            technician.leave(); // an unattended technician screen or PIN pad closes without a countdown
            return;
        }
        if (vm.busyProperty().get() || vm.step() == Step.HOME) {
            restartIdle();
            return;
        }
        vm.idleCountdownProperty().set(warningSeconds());
        countdown.playFromStart();
    }

    private void tick() {
        int left = vm.idleCountdownProperty().get() - 1;
        if (left > 0) {
            vm.idleCountdownProperty().set(left);
        } else {
            countdown.stop();
            vm.endSession();
        }
    }

    private Node warning() {
        Label text = new Label();
        text.setId("idle-warning-text");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(
                () -> vm.messages().get("idle.warning", vm.idleCountdownProperty().get()),
                vm.idleCountdownProperty(), vm.localeProperty()));
        Button stay = new Button();
        stay.setId("idle-continue");
        stay.getStyleClass().add("big-button");
        stay.textProperty().bind(Bindings.createStringBinding(() -> vm.messages().get("idle.continue"), vm.localeProperty()));
        stay.setOnAction(e -> restartIdle());
        VBox panel = new VBox(text, stay);
        panel.getStyleClass().add("panel");
        panel.setAlignment(Pos.CENTER);
        StackPane overlay = new StackPane(panel);
        overlay.setId("idle-warning");
        overlay.getStyleClass().add("idle-warning");
        overlay.visibleProperty().bind(vm.idleCountdownProperty().greaterThan(0));
        return overlay;
    }

    /** Remote help's layer (the frames it sent, the control it highlighted). */
    public org.openkiosk.app.ui.help.HelpLayer helpLayer() {
        return help;
    }

    public Scene scene() {
        return scene;
    }

    /** Renders the scene as it is now to a PNG file (call on the JavaFX thread). */
    public void writeSnapshot(Path file) throws IOException {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
