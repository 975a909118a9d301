package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts a whole kiosk for a UI test: embedded centre, the real drivers against the simulators on pty pairs,
 * and the real scene on a headless Monocle stage at kiosk resolution.
 */
abstract class KioskUiTestBase {
    @TempDir
    Path data;

    final FxRobot robot = new FxRobot();
    Kiosk context;
    ShellViewModel vm;
    KioskUi ui;
    /** What the kiosk said aloud, in order. */
    final List<String> spoken = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The kiosk's background work (card reads, printing, sync, the live picture); shut down after each test. */
    ExecutorService background;

    @BeforeAll
    static void registerStage() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    void startKiosk(Duration idleTimeout) throws Exception {
        startKiosk(idleTimeout, 1920, 1080);
    }

    void startKiosk(Duration idleTimeout, int width, int height) throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("idcard.timeout-seconds", "5");
        startKiosk(KioskConfig.parse(p, data), width, height, idleTimeout, shell -> null);
    }

    /**
     * Starts the kiosk of {@code config} on a stage of {@code width x height}, with the technician mode
     * {@code technician} makes for the kiosk's shell (null for none).
     */
    void startKiosk(KioskConfig config, int width, int height, Duration idleTimeout,
                    java.util.function.Function<ShellViewModel, org.openkiosk.app.ui.technician.TechnicianViewModel> technician)
            throws Exception {
        context = KioskRoot.start(config);
        background = Executors.newCachedThreadPool();
        FxToolkit.setupStage(stage -> {
            vm = context.newShell(background, Platform::runLater, (text, locale) -> spoken.add(text));
            ui = new KioskUi(vm, technician.apply(vm), width, height, idleTimeout);
            stage.setScene(ui.scene());
            stage.setX(0);
            stage.setY(0);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stopKiosk() throws Exception {
        FxToolkit.cleanupStages();
        if (background != null) {
            background.shutdownNow();
        }
        if (context != null) {
            context.close();
        }
    }

    void click(String query) {
        waitFor(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false), query + " to appear");
        scrollIntoView(robot.lookup(query).query());
        robot.clickOn(query);
    }

    /** Scrolls the enclosing scroll pane, as a resident would, until {@code node} is in its viewport. */
    void scrollIntoView(Node node) {
        robot.interact(() -> {
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp && sp.getContent() != null) {
                    double contentHeight = sp.getContent().getBoundsInLocal().getHeight();
                    double viewport = sp.getViewportBounds().getHeight();
                    double y = sp.getContent().sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                    if (contentHeight > viewport) {
                        sp.setVvalue(Math.max(0, Math.min(1, (y - 20) / (contentHeight - viewport))));
                    }
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** From the home screen through the 人社 department and the matter's checklist to its first step, the card. */
    void startHrssMatter(String matter) {
        click("#start");
        click("#department-hrss");
        click("#matter-" + matter);
        click("#materials-start");
    }

    /**
     * Runs {@code work} on the JavaFX thread and waits for it, rethrowing what it threw (an assertion's message intact).
     * Unlike {@code robot.interact} it does not then wait for the FX events to settle (some 50 ms each time): for work
     * that reads the scene and sets nothing off, called hundreds of times by the picture tests.
     */
    static void onFx(Runnable work) throws Exception {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    void waitFor(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
                try {
                    return condition.getAsBoolean();
                } catch (RuntimeException e) {
                    // a lookup from this thread can meet the scene graph mid-change on the FX thread (an index out
                    // of bounds in a children list): not yet, look again
                    return false;
                }
            });
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    String text(String query) {
        waitFor(() -> robot.lookup(query).tryQuery().isPresent(), query);
        Node n = robot.lookup(query).query();
        return n instanceof Labeled l ? l.getText() : ((TextInputControl) n).getText();
    }

    /** Keeps a picture of the screen as it is now in target/trip-screens, for people reviewing the UI. */
    void snap(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                ui.writeSnapshot(Path.of("target", "trip-screens", name + ".png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Every piece of text anywhere on screen now. */
    List<String> allTextOnScreen() {
        List<String> texts = new ArrayList<>();
        collect(ui.scene().getRoot(), texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled l && l.getText() != null) {
            texts.add(l.getText());
        }
        if (node instanceof TextInputControl t && t.getText() != null) {
            texts.add(t.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(c -> collect(c, texts));
        }
    }

    void assertNothingOfResidentOnScreen(String... secrets) {
        assertThat(robot.lookup("#home-screen").tryQuery()).isPresent();
        for (String text : allTextOnScreen()) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    /** The portrait scene on the same kiosk, made the first time a portrait way is shown. */
    KioskUi portrait;

    /**
     * Shows the kiosk as it is now in another way on the same stage: elderly or not, the landscape scene or the portrait
     * one of that size, with {@code focus} (a node id, or null) focused and its caret at the end, as a resident leaves
     * a field (focus alone selects it all). Call on the JavaFX thread.
     */
    void showWay(boolean elderly, int width, int height, String focus) {
        vm.elderlyProperty().set(elderly);
        vm.shownProperty().set(vm.shownProperty().get() + 1);
        javafx.stage.Stage stage = FxToolkit.toolkitContext().getRegisteredStage();
        KioskUi shown = ui;
        if (width < height) {
            if (portrait == null) {
                portrait = new KioskUi(vm, width, height, java.time.Duration.ofMinutes(10));
            }
            shown = portrait;
        }
        if (stage.getScene() != shown.scene()) {
            stage.setScene(shown.scene());
        }
        stage.sizeToScene();
        if (focus != null) {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            javafx.scene.Node field = stage.getScene().lookup(focus);
            field.requestFocus();
            if (field instanceof javafx.scene.control.TextInputControl t) {
                t.end();
            }
        }
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
    }
}
