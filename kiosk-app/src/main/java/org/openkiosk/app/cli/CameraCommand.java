package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
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

/**
 * {@code ./kiosk camera capture --device D --out FILE [--still] [--check]}: one still from the document camera.
 * {@code D} is a UVC index ({@code 0}) or device path ({@code /dev/video0}), a video file or image-sequence pattern
 * (the simulated camera), a folder of images, or {@code sim}; default {@code camera.source}. Prints one line:
 * {@code captured WxH to FILE (N bytes, M ms)}, then with {@code --check} the page verdict:
 * {@code page: outline found|none, skew S deg, sharpness X, glare Y: NONE|BLURRED|GLARE|TOO_SMALL}.
 */
final class CameraCommand implements Command {
    /** Preview frames read at most while waiting for the page to lie still (about 20 s at 30 fps). */
    private static final int MAX_STILL_FRAMES = 600;

    @Override
    public String usage() {
        return """
                  camera capture --device D --out FILE [--still] [--check]
                                      one still from the document camera: D = UVC index (0) or /dev/videoN,
                                      a video file, a folder of images, or sim (default camera.source);
                                      --still waits until the page lies still; --check judges the page
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        String sub = args.isEmpty() ? "" : args.pop();
        if (!sub.equals("capture")) {
            throw new Main.UsageException("camera needs a subcommand: camera capture --device D --out FILE");
        }
        Main.Options o = Main.Options.parse(args, List.of("--still", "--check"), List.of("--device", "--out"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        Path target = o.value("--out").map(Path::of)
                .orElseThrow(() -> new Main.UsageException("camera capture needs --out FILE"));
        String device = o.value("--device").isPresent() ? o.value("--device").get() : o.config().camera().source();
        KioskConfig.Camera cameraConfig = o.value("--device").isPresent() ? null : o.config().camera();
        long start = System.nanoTime();
        CapturedImage image;
        try (DocumentCamera camera = open(device, cameraConfig)) {
            if (o.flag("--still")) {
                if (!(camera instanceof PreviewCamera live)) {
                    throw new Main.UsageException("--still needs a camera with a live stream (a UVC camera or a video)");
                }
                Optional<CapturedImage> still = AutoCapture.whenStill(live, new StillnessDetector(), MAX_STILL_FRAMES, null);
                if (still.isEmpty()) {
                    err.println("kiosk: the page never lay still; nothing captured");
                    return 1;
                }
                image = still.get();
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
        if (o.flag("--check")) {
            PageScanner.ScannedPage page = new PageScanner().scan(image);
            out.printf(Locale.ROOT, "page: outline %s, skew %.1f deg, sharpness %.2f, glare %.3f: %s%n",
                    page.outline().isPresent() ? "found" : "none", page.skewDegrees(), page.verdict().sharpness(),
                    page.verdict().glare(), page.verdict().problem());
        }
        return 0;
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
