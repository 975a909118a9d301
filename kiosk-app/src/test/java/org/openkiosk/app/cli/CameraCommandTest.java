package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kiosk camera capture} run in-process through {@link Main#run}. */
class CameraCommandTest {
    @TempDir
    Path dir;
    private final CliRun kiosk = CliRun.keepingOutput();

    @Test
    void capturesAStillFromAFolderOfPagesAndJudgesIt() throws Exception {
        Path pages = dir.resolve("pages");
        Files.createDirectories(pages);
        Files.copy(OcrCommandTest.bench().resolve("page-003.jpg"), pages.resolve("a.jpg"));
        Path target = dir.resolve("out/still.jpg");

        assertThat(kiosk.run("camera", "capture", "--device", pages.toString(), "--out", target.toString(), "--check")).isEqualTo(0);

        assertThat(ImageIO.read(target.toFile()).getWidth()).isEqualTo(1700);
        assertThat(kiosk.out())
                .matches("(?s)captured 1700x2200 to .*still\\.jpg \\(\\d+ bytes, \\d+ ms\\)\n"
                        + "page: outline found, skew -?\\d+\\.\\d deg, sharpness \\d\\.\\d\\d, glare \\d\\.\\d{3}: NONE\n");
    }

    @Test
    void capturesFromAnImageFileThroughFfmpeg() throws Exception {
        Path target = dir.resolve("still.jpg");
        assertThat(kiosk.run("camera", "capture", "--device", OcrCommandTest.bench().resolve("idcopy-005.jpg").toString(),
                "--out", target.toString())).isEqualTo(0);
        assertThat(ImageIO.read(target.toFile()).getHeight()).isEqualTo(2200);
    }

    @Test
    void aMissingCameraIsOneLineAndExitOne() {
        assertThat(kiosk.run("camera", "capture", "--device", "/dev/video63", "--out", dir.resolve("x.jpg").toString())).isEqualTo(1);
        assertThat(kiosk.err().strip()).startsWith("kiosk: UVC camera /dev/video63")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(dir.resolve("x.jpg")).doesNotExist();
    }

    @Test
    void aCameraSourceThatIsNoCameraIsAConfigurationErrorNamingTheKey() throws Exception {
        Path config = dir.resolve("kiosk.properties");
        Files.writeString(config, "camera.source=webcam\n");
        assertThat(kiosk.run("camera", "capture", "--out", dir.resolve("x.jpg").toString(), "--config", config.toString()))
                .isEqualTo(2);
        assertThat(kiosk.err()).contains("camera.source: 'webcam' is neither 'sim'");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(kiosk.run("camera", "capture", "--device", "0")).isEqualTo(2);
        assertThat(kiosk.run("camera", "shoot")).isEqualTo(2);
        assertThat(kiosk.err()).contains("needs --out FILE");
    }
}
