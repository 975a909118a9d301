package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.UiWatchdog;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The launcher's watchdog wiring on a whole kiosk shown headless: a UI that answers runs on; a JavaFX thread that
 * stops answering ends the launch with {@link UiWatchdog#EXIT_HUNG} (so the service restarts the kiosk), and the
 * process is halted after the grace period should the orderly end not come. Exit and halt are injected.
 */
class UiLauncherTest {
    @TempDir
    Path data;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> halted = new CopyOnWriteArrayList<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private Kiosk context;
    private final CountDownLatch unblock = new CountDownLatch(1);

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() throws Exception {
        unblock.countDown();
        FxToolkit.cleanupStages();
        runner.shutdownNow();
        if (context != null) {
            context.close();
        }
    }

    private Future<Integer> launch(Duration limit) throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        context = KioskRoot.start(KioskConfig.parse(p, data));
        return launch(limit, data.resolve("kiosk.properties"));
    }

    private Future<Integer> launch(Duration limit, Path configFile) throws Exception {
        UiOptions options = new UiOptions(false, 1280, 800, Optional.empty(), false, false, configFile);
        UiLauncher.Supervision supervision = new UiLauncher.Supervision(limit, Duration.ofMillis(100),
                Duration.ofMillis(500), halted::add, () -> { });
        Future<Integer> run = runner.submit(() -> UiLauncher.launch(context, options,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                supervision));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> out.toString(StandardCharsets.UTF_8).contains("ready in"));
        return run;
    }

    @Test
    void aHungUiThreadEndsTheKioskWithTheHungExitCodeAndIsHaltedIfTheEndDoesNotCome() throws Exception {
        Future<Integer> run = launch(Duration.ofSeconds(1));
        Thread.sleep(1500);
        assertThat(run.isDone()).as("a UI that answers its pings is left alone").isFalse();

        Platform.runLater(() -> {
            try {
                unblock.await(30, TimeUnit.SECONDS); // the JavaFX thread hangs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(UiWatchdog.EXIT_HUNG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the UI stopped answering");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !halted.isEmpty());
        assertThat(halted).containsExactly(UiWatchdog.EXIT_HUNG);
        unblock.countDown();
    }

    @Test
    void aConfigurationSavedOnTheTechnicianScreenEndsTheKioskWithTheRestartCode() throws Exception {
        Path config = data.resolve("kiosk.properties");
        java.nio.file.Files.writeString(config, "kiosk.id=K0001\nkiosk.data=" + data + "\nui.locale=en\n"
                + "technician.pin-hash=" + org.openkiosk.app.diag.TechnicianPin.hash("246810".toCharArray()) + "\n");
        context = KioskRoot.start(KioskConfig.load(config, java.util.Map.of()));
        Future<Integer> run = launch(Duration.ofSeconds(30), config);
        javafx.scene.Scene scene = WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream()
                .map(Window::getScene).filter(s -> s != null && s.lookup("#home-screen") != null).findFirst().orElseThrow())
                .get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < 5; i++) { // five taps on the hidden corner
                javafx.event.Event.fireEvent(scene.getRoot(), new javafx.scene.input.MouseEvent(
                        javafx.scene.input.MouseEvent.MOUSE_PRESSED, 10, 10, 10, 10, javafx.scene.input.MouseButton.PRIMARY,
                        1, false, false, false, false, true, false, false, true, false, false, null));
            }
            for (char c : "246810".toCharArray()) {
                ((javafx.scene.control.Button) scene.lookup("#tech-pin-" + c)).fire();
            }
            ((javafx.scene.control.Button) scene.lookup("#tech-pin-ok")).fire();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> scene.lookup("#tech-config-kiosk-id") != null).get());
        WaitForAsyncUtils.asyncFx(() -> {
            ((javafx.scene.control.TextField) scene.lookup("#tech-config-kiosk-id")).setText("K0099");
            ((javafx.scene.control.Button) scene.lookup("#tech-config-save")).fire();
        }).get(10, TimeUnit.SECONDS);

        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(UiLauncher.EXIT_RESTART);
        assertThat(java.nio.file.Files.readString(config)).contains("kiosk.id=K0099\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("restarting on the saved configuration");
        assertThat(halted).isEmpty();
    }

    @Test
    void closingTheWindowEndsTheKioskWithZeroAndNoHalt() throws Exception {
        Future<Integer> run = launch(Duration.ofSeconds(5));
        WaitForAsyncUtils.asyncFx(() -> Window.getWindows().stream().filter(w -> w.getScene() != null
                && w.getScene().lookup("#home-screen") != null).toList().forEach(Window::hide)).get(10, TimeUnit.SECONDS);
        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        Thread.sleep(700);
        assertThat(halted).isEmpty();
    }
}
