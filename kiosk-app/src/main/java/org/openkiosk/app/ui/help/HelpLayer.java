package org.openkiosk.app.ui.help;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.ScaleTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Control;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.task.BackgroundTask;
import org.openkiosk.app.ui.task.UiTaskExecutor;

/**
 * Remote help's layer above the kiosk's screens: it streams the screen while the current session's help is on (a
 * masked snapshot every {@link #EVERY}, sent only when the screen changed and the line takes it), and shows a pulsing
 * ring on the control under the point staff clicked. It lets every touch through.
 */
public final class HelpLayer extends Pane {
    /** About two frames a second. */
    public static final Duration EVERY = Duration.millis(500);
    private static final int KEPT = 40;

    private final ShellViewModel shell;
    private final Circle ring = new Circle();
    private final ScaleTransition pulse = new ScaleTransition(Duration.millis(450), ring);
    private final Timeline ticks = new Timeline(new KeyFrame(EVERY, e -> tick()));
    private final ObjectProperty<Node> pointed = new SimpleObjectProperty<>();
    private final ChangeListener<Point2D> onPointer = (o, a, p) -> point(p);
    private final UiTaskExecutor encoder;
    private HelpViewModel watched;
    private int lastSent;
    private boolean encoding;
    private volatile boolean keepFrames;
    private final Deque<SentFrame> kept = new ArrayDeque<>();

    /** A frame as sent, kept for tests when asked ({@link #keepFrames}). */
    public record SentFrame(byte[] jpeg, List<Rectangle2D> masked, double scale) {
    }

    public HelpLayer(ShellViewModel shell) {
        this.shell = shell;
        setId("help-layer");
        setMouseTransparent(true);
        setPickOnBounds(false);
        ring.setId("help-ring");
        ring.getStyleClass().add("help-ring");
        ring.setVisible(false);
        ring.setManaged(false);
        getChildren().add(ring);
        pulse.setFromX(1);
        pulse.setFromY(1);
        pulse.setToX(1.25);
        pulse.setToY(1.25);
        pulse.setAutoReverse(true);
        pulse.setCycleCount(10);
        pulse.setOnFinished(e -> ring.setVisible(false));
        ThreadPoolExecutor one = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "help-frames");
            t.setDaemon(true);
            return t;
        });
        encoder = new UiTaskExecutor(one, Platform::runLater);
        ticks.setCycleCount(Animation.INDEFINITE);
        follow();
        shell.sessionProperty().addListener((o, a, b) -> follow());
        ticks.play();
    }

    /** The control the last pointer highlighted (null before any, and after the session ended). */
    public ObjectProperty<Node> pointedProperty() {
        return pointed;
    }

    /** Keeps the last frames sent, with their masked regions (for tests and the bandwidth benchmark). */
    public void keepFrames(boolean keep) {
        keepFrames = keep;
    }

    public synchronized List<SentFrame> keptFrames() {
        return new ArrayList<>(kept);
    }

    private void follow() {
        if (watched != null) {
            watched.pointerProperty().removeListener(onPointer);
        }
        watched = shell.screens().help();
        watched.pointerProperty().addListener(onPointer);
        pointed.set(null);
        ring.setVisible(false);
        pulse.stop();
        lastSent = 0;
        synchronized (this) {
            kept.clear();
        }
    }

    private void tick() {
        HelpViewModel help = shell.screens().help();
        Scene scene = getScene();
        if (!help.streaming() || scene == null || encoding) {
            return;
        }
        ScreenFrames.Frame frame = ScreenFrames.grab(scene);
        int digest = frame.digest();
        if (digest == lastSent) {
            return; // nothing changed on screen
        }
        encoding = true;
        BackgroundTask.wrap(() -> ScreenFrames.jpeg(frame))
                .onSuccess(jpeg -> {
                    // the help may have ended meanwhile: offerFrame sends nothing then
                    if (help == shell.screens().help() && help.offerFrame(jpeg)) {
                        lastSent = digest;
                        if (keepFrames) {
                            keep(new SentFrame(jpeg, frame.masked(), ScreenFrames.scaleFor(frame.width())));
                        }
                    }
                })
                .onFinished(() -> encoding = false)
                .executeWith(encoder);
    }

    private synchronized void keep(SentFrame f) {
        kept.addLast(f);
        while (kept.size() > KEPT) {
            kept.removeFirst();
        }
    }

    private void point(Point2D at) {
        Scene scene = getScene();
        if (at == null || scene == null) {
            return;
        }
        Point2D p = new Point2D(at.getX() * scene.getWidth(), at.getY() * scene.getHeight());
        Node target = controlAt(scene.getRoot(), p);
        pointed.set(target);
        Bounds b = target == null ? null : sceneToLocal(target.localToScene(target.getBoundsInLocal()));
        Point2D centre = b == null ? sceneToLocal(p) : new Point2D(b.getCenterX(), b.getCenterY());
        ring.setCenterX(centre.getX());
        ring.setCenterY(centre.getY());
        ring.setRadius(b == null ? 40 : Math.max(b.getWidth(), b.getHeight()) / 2 + 16);
        ring.setVisible(true);
        pulse.playFromStart();
    }

    /** The topmost visible button (or else control) under {@code p}, in scene coordinates; null when none. */
    private Node controlAt(Node node, Point2D p) {
        if (node == this || !node.isVisible() || node.isMouseTransparent()
                || !node.localToScene(node.getBoundsInLocal()).contains(p)) {
            return null;
        }
        if (node instanceof Parent parent) {
            List<Node> children = parent.getChildrenUnmodifiable();
            for (int i = children.size() - 1; i >= 0; i--) {
                Node found = controlAt(children.get(i), p);
                if (found instanceof ButtonBase) {
                    return found;
                }
                if (found != null) {
                    return node instanceof ButtonBase ? node : found;
                }
            }
        }
        return node instanceof Control ? node : null;
    }
}
