package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.openkiosk.app.diag.UiWatchdog;
import org.openkiosk.app.ui.KioskUi;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.technician.TechnicianViewModel;
import org.openkiosk.app.wiring.Kiosk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts JavaFX (on a display, or headless on Monocle) with the kiosk's scene, and waits for it to end.
 *
 * <p>Two ways out besides closing the window, both by ending the process so that the kiosk session's service
 * ({@code Restart=always}) starts a fresh one: the technician screen saved a new configuration ({@link #EXIT_RESTART});
 * the {@link UiWatchdog} found the JavaFX thread hung ({@link UiWatchdog#EXIT_HUNG}). A fresh process rather than a
 * context rebuilt in-process: it reads the configuration anew, reopens every port and the store from nothing, and is
 * the one path that also clears a hung or corrupted UI thread.
 */
final class UiLauncher {
    /** The exit code after a technician saved a new configuration: the service starts the kiosk again on it. */
    static final int EXIT_RESTART = 75;
    private static final Logger LOG = LoggerFactory.getLogger(UiLauncher.class);

    /**
     * How the launcher watches the UI and how the process ends.
     *
     * @param hangLimit    how long the JavaFX thread may leave a ping unanswered before the UI counts as hung
     * @param pingInterval how often it is pinged
     * @param haltGrace    how long an orderly exit may take after a hang before the process is halted outright
     * @param halt         ends the process at once with a code (production: {@link Runtime#halt})
     * @param fxExit       ends JavaFX after the UI is done (production: {@link Platform#exit})
     */
    record Supervision(Duration hangLimit, Duration pingInterval, Duration haltGrace, IntConsumer halt, Runnable fxExit) {
        static final Supervision PRODUCTION = new Supervision(Duration.ofSeconds(45), Duration.ofSeconds(5),
                Duration.ofSeconds(20), code -> Runtime.getRuntime().halt(code), Platform::exit);
    }

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

    static int run(Kiosk kiosk, UiOptions options, PrintStream out, PrintStream err) throws Exception {
        if (!options.smoke() && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            err.println("kiosk: no display (DISPLAY is not set). Run it on the kiosk's screen, or try: ./kiosk demo --smoke");
            return 2;
        }
        return launch(kiosk, options, out, err, Supervision.PRODUCTION);
    }

    /** Shows the UI and waits until it is closed, restarted by a technician, or found hung; returns the exit code. */
    static int launch(Kiosk kiosk, UiOptions options, PrintStream out, PrintStream err, Supervision supervision)
            throws Exception {
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kiosk-work");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ui-watchdog");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Stage> shown = new AtomicReference<>();
        IntConsumer end = code -> {
            if (exitCode.compareAndSet(0, code)) {
                closed.countDown();
            }
        };
        Runnable restart = () -> {
            LOG.warn("restarting the kiosk on its saved configuration (exit code {})", EXIT_RESTART);
            end.accept(EXIT_RESTART);
        };
        Runnable onHang = () -> {
            end.accept(UiWatchdog.EXIT_HUNG);
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(supervision.haltGrace().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                LOG.error("the kiosk did not end within {} ms of a hung UI: halting", supervision.haltGrace().toMillis());
                supervision.halt().accept(UiWatchdog.EXIT_HUNG);
            }, "ui-hang-halt");
            halt.setDaemon(true);
            halt.start();
        };
        Platform.setImplicitExit(false);
        Runnable show = () -> {
            try {
                ShellViewModel vm = kiosk.newShell(background, Platform::runLater);
                if (options.elderly()) {
                    vm.elderlyProperty().set(true);
                }
                TechnicianViewModel technician = new TechnicianViewModel(vm, kiosk.technicianTools(
                        options.configFile(), restart, Path.of("/media"), Clock.systemDefaultZone()), background,
                        Platform::runLater, System::nanoTime, Clock.systemUTC());
                KioskUi ui = new KioskUi(vm, technician, options.width(), options.height(),
                        kiosk.config().ui().idleTimeout());
                Stage stage = new Stage(options.fullscreen() && !options.smoke() ? StageStyle.UNDECORATED : StageStyle.DECORATED);
                shown.set(stage);
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
        };
        try {
            Platform.startup(show);
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(show); // JavaFX is up already (tests start it once per JVM)
        }
        UiWatchdog watchdog = null;
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
            if (options.smoke()) {
                return 0;
            }
            watchdog = new UiWatchdog(Platform::runLater, supervision.hangLimit(), System::nanoTime, onHang)
                    .start(watch, supervision.pingInterval());
            closed.await();
            int code = exitCode.get();
            if (code == UiWatchdog.EXIT_HUNG) {
                err.println("kiosk: the UI stopped answering; ending so that the kiosk service starts it again");
            } else if (code == EXIT_RESTART) {
                err.println("kiosk: restarting on the saved configuration");
            }
            return code;
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
            watch.shutdownNow();
            background.shutdownNow();
            Stage stage = shown.get();
            if (stage != null && exitCode.get() != UiWatchdog.EXIT_HUNG) {
                Platform.runLater(stage::hide);
            }
            supervision.fxExit().run();
        }
    }
}
