package org.openkiosk.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.camera.AutoCapture;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.camera.DocumentCameras;
import org.openkiosk.device.camera.PreviewCamera;
import org.openkiosk.device.camera.PageScanner;
import org.openkiosk.device.camera.StillnessDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk camera capture --device D --out FILE [--still] [--check]}: one still from the document camera.
 * {@code D} is a UVC index ({@code 0}) or device path ({@code /dev/video0}), a video file or image-sequence pattern
 * (the simulated camera), a folder of images, or {@code sim}; default {@code camera.source}. Prints one line:
 * {@code captured WxH to FILE (N bytes, M ms)}, then with {@code --check} the page verdict:
 * {@code page: outline found|none, skew S deg, sharpness X, glare Y: NONE|BLURRED|GLARE|TOO_SMALL}.
 */
@Command(name = "camera", subcommands = CameraCommand.Capture.class, description = "the document camera")
final class CameraCommand {
    /** Preview frames read at most while waiting for the page to lie still (about 20 s at 30 fps). */
    private static final int MAX_STILL_FRAMES = 600;

    @Command(name = "capture", description = "one still from the document camera")
    static final class Capture extends CliCommand {
        @Option(names = "--device", paramLabel = "D", description = "UVC index (0) or /dev/videoN, a video file, a"
                + " folder of images, or sim (default camera.source)")
        String device;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the image file to write")
        Path target;

        @Option(names = "--still", description = "wait until the page lies still")
        boolean still;

        @Option(names = "--check", description = "judge the page: outline, skew, sharpness, glare")
        boolean check;

        Capture(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            KioskConfig.Camera cameraConfig = device == null ? options.config().camera() : null;
            String source = device == null ? cameraConfig.source() : device;
            long start = System.nanoTime();
            CapturedImage image;
            try (DocumentCamera camera = open(source, cameraConfig)) {
                if (still) {
                    if (!(camera instanceof PreviewCamera live)) {
                        throw new Main.UsageException("--still needs a camera with a live stream (a UVC camera or a video)");
                    }
                    Optional<CapturedImage> lying = AutoCapture.whenStill(live, new StillnessDetector(), MAX_STILL_FRAMES, null);
                    if (lying.isEmpty()) {
                        err.println("kiosk: the page never lay still; nothing captured");
                        return 1;
                    }
                    image = lying.get();
                } else {
                    image = camera.capture();
                }
            }
            long ms = Math.round((System.nanoTime() - start) / 1e6);
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.write(target, image.bytes());
            out.printf(Locale.ROOT, "captured %dx%d to %s (%d bytes, %d ms)%n", image.width(), image.height(), target,
                    image.bytes().length, ms);
            if (check) {
                PageScanner.ScannedPage page = new PageScanner().scan(image);
                out.printf(Locale.ROOT, "page: outline %s, skew %.1f deg, sharpness %.2f, glare %.3f: %s%n",
                        page.outline().isPresent() ? "found" : "none", page.skewDegrees(), page.verdict().sharpness(),
                        page.verdict().glare(), page.verdict().problem());
            }
            return 0;
        }
    }

    private static DocumentCamera open(String device, KioskConfig.Camera config) throws DeviceException,
            Main.UsageException {
        if (device.equals(KioskConfig.SIM)) {
            if (config == null || config.simDir().isEmpty()) {
                throw new Main.UsageException("--device sim needs camera.sim-dir (a folder of page images); "
                        + "or give the folder itself as --device");
            }
            return DocumentCameras.open(config.simDir().get().toString());
        }
        return DocumentCameras.open(device);
    }
}
