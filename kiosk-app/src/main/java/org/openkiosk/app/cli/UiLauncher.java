package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.openkiosk.app.KioskContext;
import org.openkiosk.app.ui.KioskUi;
import org.openkiosk.app.ui.ShellViewModel;

/** Starts JavaFX (on a display, or headless on Monocle) with the kiosk's scene, and waits for it to end. */
final class UiLauncher {
    private UiLauncher() {
    }

    /** Must run before anything touches JavaFX: selects the headless glass platform at the given screen size. */
    static void prepareHeadless(int width, int height) {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", width + "x" + height + "-32");
        System.setProperty("java.awt.headless", "true");
    }

    static int run(KioskContext context, UiOptions options, PrintStream out, PrintStream err) throws Exception {
        if (!options.smoke() && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            err.println("kiosk: no display (DISPLAY is not set). Run it on the kiosk's screen, or try: ./kiosk demo --smoke");
            return 2;
        }
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kiosk-work");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            try {
                ShellViewModel vm = context.newShell(background, Platform::runLater);
                if (options.elderly()) {
                    vm.elderlyProperty().set(true);
                }
                KioskUi ui = new KioskUi(vm, options.width(), options.height(), context.config().ui().idleTimeout());
                Stage stage = new Stage(options.fullscreen() && !options.smoke() ? StageStyle.UNDECORATED : StageStyle.DECORATED);
                stage.setTitle(vm.messages().get("app.title"));
                stage.setScene(ui.scene());
                stage.setOnHidden(e -> closed.countDown());
                if (options.fullscreen() && !options.smoke()) {
                    stage.setFullScreenExitHint("");
                    stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
                    stage.setFullScreen(true);
                }
                Runnable[] firstFrame = new Runnable[1];
                firstFrame[0] = () -> {
                    if (ui.scene().lookup("#home-screen") != null) {
                        ui.scene().removePostLayoutPulseListener(firstFrame[0]);
                        Platform.runLater(() -> {
                            try {
                                if (options.screenshot().isPresent()) {
                                    ui.writeSnapshot(options.screenshot().get());
                                }
                            } catch (Exception e) {
                                failure.set(e);
                            }
                            ready.countDown();
                        });
                    }
                };
                ui.scene().addPostLayoutPulseListener(firstFrame[0]);
                stage.show();
            } catch (Throwable e) {
                failure.set(e);
                ready.countDown();
                closed.countDown();
            }
        });
        try {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                err.println("kiosk: the home screen did not appear within 60 s");
                return 1;
            }
            if (failure.get() != null) {
                err.println("kiosk: the UI failed to start: " + failure.get());
                return 1;
            }
            long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            out.println("ready in " + sinceStart + " ms");
            out.flush();
            if (!options.smoke()) {
                closed.await();
            }
            return 0;
        } finally {
            background.shutdownNow();
            Platform.exit();
        }
    }
}
