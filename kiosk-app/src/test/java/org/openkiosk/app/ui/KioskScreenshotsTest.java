package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the main screens in landscape and portrait, standard and elderly, kept in target/screenshots/
 * for people to look at.
 */
class KioskScreenshotsTest extends KioskUiTestBase {
    private static final Path OUT = Path.of("target", "screenshots");

    private void shoot(String layout, String screen) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = OUT.resolve(layout + "-" + screen + ".png");
        robot.interact(() -> {
            try {
                ui.writeSnapshot(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo((int) ui.scene().getWidth());
        assertThat(Files.size(file)).isGreaterThan(10_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"landscape,1920,1080,false", "portrait,1080,1920,false", "landscape-elderly,1920,1080,true",
            "portrait-elderly,1080,1920,true"})
    void mainScreens(String layout, int width, int height, boolean elderly) throws Exception {
        startKiosk(Duration.ofMinutes(10), width, height);
        if (elderly) {
            click("#elderly");
            waitFor(() -> robot.lookup("#shell").query().getStyleClass().contains("elderly"), "elderly mode");
        }
        shoot(layout, "1-home");
        click("#start");
        shoot(layout, "2-catalogue");
        click("#department-hrss");
        click("#matter-pension-enrol");
        shoot(layout, "3-materials");
        click("#materials-start");
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent(), "the card to be read");
        robot.clickOn("#field-phone");
        shoot(layout, "4-form-keyboard");
    }
}
