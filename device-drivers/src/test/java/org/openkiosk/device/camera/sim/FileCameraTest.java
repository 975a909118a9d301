package org.openkiosk.device.camera.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.camera.PreviewCamera;

/** The simulated camera over real image files: its stills, and its live stream of the page on the stage. */
class FileCameraTest {
    @TempDir
    Path dir;

    /** A PNG whose left half is {@code left} and right half {@code right}. */
    private Path page(String name, int width, int height, Color left, Color right) throws Exception {
        return page(dir.resolve(name), width, height, left, right);
    }

    private static Path page(Path file, int width, int height, Color left, Color right) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Color at(BufferedImage img, double fx, double fy) {
        return new Color(img.getRGB((int) (img.getWidth() * fx), (int) (img.getHeight() * fy)), true);
    }

    @Test
    void previewShowsThePageOnTheStageScaledAndLeavesTheStillToCapture() throws Exception {
        Path a = page("a.png", 1600, 1200, Color.RED, Color.BLUE);
        Path b = page("b.png", 800, 600, Color.GREEN, Color.BLACK);
        FileCamera camera = FileCamera.fromDirectory(dir);

        PreviewCamera.Preview first = camera.preview(960, 720);
        assertThat(first.image().getWidth()).isEqualTo(960);
        assertThat(first.image().getHeight()).isEqualTo(720);
        assertThat(first.image().getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(at(first.image(), 0.25, 0.5)).isEqualTo(Color.RED);
        assertThat(at(first.image(), 0.75, 0.5)).isEqualTo(Color.BLUE);
        assertThat(camera.preview(960, 720).image().getRGB(10, 10)).as("still a.png: previews use nothing up")
                .isEqualTo(Color.RED.getRGB());

        assertThat(camera.capture().bytes()).as("the still is the page the preview showed").isEqualTo(Files.readAllBytes(a));
        BufferedImage second = camera.preview(960, 720).image();
        assertThat(second.getWidth()).as("never enlarged").isEqualTo(800);
        assertThat(at(second, 0.25, 0.5)).isEqualTo(Color.GREEN);
        assertThat(camera.capture().bytes()).isEqualTo(Files.readAllBytes(b));
        assertThat(camera.previewCount()).isEqualTo(3);
    }

    @Test
    void aStillIsTypedByItsOwnBytesNotItsFileName() throws Exception {
        Path png = page("a-png-named.jpg", 40, 30, Color.RED, Color.BLUE);
        BufferedImage gif = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(gif, "gif", dir.resolve("b-gif-named.png").toFile());
        FileCamera camera = FileCamera.fromDirectory(dir);

        var first = camera.capture();
        var second = camera.capture();

        assertThat(first.contentType()).isEqualTo("image/png");
        assertThat(first.bytes()).isEqualTo(Files.readAllBytes(png));
        assertThat(second.contentType()).as("a GIF is re-encoded: the kiosk sends JPEG, PNG or PDF only")
                .isEqualTo("image/png");
        assertThat(second.bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(second.bytes())).getWidth()).isEqualTo(40);
    }

    @Test
    void aStagedPageIsWhatThePreviewShowsUntilItIsCaptured() throws Exception {
        page("a.png", 400, 300, Color.RED, Color.RED);
        Path staged = page(Files.createDirectories(dir.resolve("papers")).resolve("portrait.png"), 300, 400,
                Color.WHITE, Color.WHITE);
        FileCamera camera = FileCamera.fromDirectory(dir);

        camera.showNext(staged);
        BufferedImage shown = camera.preview(960, 720).image();
        assertThat(shown.getWidth()).isEqualTo(300);
        assertThat(shown.getHeight()).isEqualTo(400);
        assertThat(at(shown, 0.5, 0.5)).isEqualTo(Color.WHITE);
        assertThat(camera.capture().bytes()).isEqualTo(Files.readAllBytes(staged));
        assertThat(at(camera.preview(960, 720).image(), 0.5, 0.5)).isEqualTo(Color.RED);
    }

    @Test
    void anOfferedPageGivesWayToALaterOfferButNotToAPageShownOnPurpose() throws Exception {
        page("a.png", 400, 300, Color.RED, Color.RED);
        Path papers = Files.createDirectories(dir.resolve("papers"));
        Path register = page(papers.resolve("register.png"), 300, 400, Color.WHITE, Color.WHITE);
        Path licence = page(papers.resolve("licence.png"), 300, 400, Color.BLUE, Color.BLUE);
        FileCamera camera = FileCamera.fromDirectory(dir);

        assertThat(camera.offerNext(register)).isTrue();
        assertThat(camera.offerNext(licence)).as("the resident moved on to the next paper").isTrue();
        assertThat(at(camera.preview(960, 720).image(), 0.5, 0.5)).isEqualTo(Color.BLUE);
        assertThat(camera.capture().bytes()).isEqualTo(Files.readAllBytes(licence));

        camera.showNext(register);
        assertThat(camera.offerNext(licence)).as("a page shown on purpose stays").isFalse();
        assertThat(at(camera.preview(960, 720).image(), 0.5, 0.5)).isEqualTo(Color.WHITE);
        assertThat(camera.capture().bytes()).isEqualTo(Files.readAllBytes(register));
    }

    @Test
    void everyPreviewFrameIsTheCallersOwn() throws Exception {
        page("a.png", 400, 300, Color.RED, Color.RED);
        FileCamera camera = FileCamera.fromDirectory(dir);
        BufferedImage mine = camera.preview(400, 300).image();
        mine.setRGB(0, 0, Color.YELLOW.getRGB());
        assertThat(camera.preview(400, 300).image().getRGB(0, 0)).isEqualTo(Color.RED.getRGB());
        assertThat(camera.preview().image().getWidth()).as("the full frame").isEqualTo(400);
    }

    @Test
    void anUnpluggedCameraFailsEveryCallAndComesBackWhenPluggedIn() throws Exception {
        page("a.png", 400, 300, Color.RED, Color.RED);
        FileCamera camera = FileCamera.fromDirectory(dir);
        camera.unplug();
        assertThatThrownBy(() -> camera.preview(400, 300)).isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("unplugged");
        assertThatThrownBy(camera::capture).isInstanceOf(DeviceNotFoundException.class);
        assertThat(camera.check().ok()).isFalse();
        assertThat(camera.previewCount()).isZero();
        camera.plugIn();
        assertThat(camera.preview(400, 300).image().getWidth()).isEqualTo(400);
        assertThat(camera.check().ok()).isTrue();
    }

    @Test
    void aPageWhoseFileHasGoneIsADeviceFault() throws Exception {
        Path a = page("a.png", 400, 300, Color.RED, Color.RED);
        FileCamera camera = FileCamera.fromDirectory(dir);
        camera.preview(400, 300);
        Files.delete(a);
        assertThatThrownBy(() -> camera.preview(400, 300)).isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("a.png");
    }
}
