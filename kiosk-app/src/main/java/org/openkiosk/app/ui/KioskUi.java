package org.openkiosk.app.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.animation.PauseTransition;
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
import org.openkiosk.app.flow.TripFlow.Step;

/**
 * The kiosk's scene: the shell with the kiosk stylesheet, and the idle guard. When nobody has touched the
 * screen for the idle timeout (and nothing is under way), the session ends and everything of the resident
 * is wiped.
 */
public final class KioskUi {
    private final Scene scene;
    private final ShellViewModel vm;
    private final PauseTransition idle;

    public KioskUi(ShellViewModel vm, double width, double height, java.time.Duration idleTimeout) {
        this.vm = vm;
        this.scene = new Scene(new ShellView(vm), width, height);
        scene.getStylesheets().add(KioskUi.class.getResource("/ui/kiosk.css").toExternalForm());
        idle = new PauseTransition(Duration.millis(idleTimeout.toMillis()));
        idle.setOnFinished(e -> onIdle());
        for (var type : new javafx.event.EventType<?>[] {MouseEvent.MOUSE_PRESSED, TouchEvent.TOUCH_PRESSED,
                KeyEvent.KEY_PRESSED, ScrollEvent.SCROLL}) {
            @SuppressWarnings("unchecked")
            var t = (javafx.event.EventType<Event>) type;
            scene.addEventFilter(t, e -> idle.playFromStart());
        }
        vm.stepProperty().addListener((o, a, b) -> idle.playFromStart());
        vm.busyProperty().addListener((o, a, b) -> idle.playFromStart());
        idle.playFromStart();
    }

    private void onIdle() {
        if (vm.busyProperty().get()) {
            idle.playFromStart();
        } else if (vm.step() != Step.HOME) {
            vm.endSession();
        }
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
