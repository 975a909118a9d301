package org.openkiosk.device.camera.sim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.DocumentCamera;

/**
 * A document camera that "sees" real image files: a directory of JPEG/PNG photographs, served in name
 * order and round again. {@link #showNext(Path)} puts one particular page on the stage (tests, demo).
 */
public final class FileCamera implements DocumentCamera {
    private final List<Path> frames;
    private final AtomicInteger next = new AtomicInteger();
    private volatile Path staged;

    private FileCamera(List<Path> frames) {
        this.frames = frames;
    }

    /** A camera over every .jpg/.jpeg/.png in {@code dir}. */
    public static FileCamera fromDirectory(Path dir) throws DeviceException {
        if (!Files.isDirectory(dir)) {
            throw new DeviceNotFoundException("simulated camera: no image directory " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> frames = new ArrayList<>(files.filter(FileCamera::isImage).sorted().toList());
            if (frames.isEmpty()) {
                throw new DeviceNotFoundException("simulated camera: no .jpg or .png in " + dir);
            }
            return new FileCamera(frames);
        } catch (IOException e) {
            throw new DeviceNotFoundException("simulated camera: cannot list " + dir, e);
        }
    }

    /** The next capture returns this file instead of the next one in the directory. */
    public void showNext(Path image) {
        staged = image;
    }

    /**
     * Like {@link #showNext(Path)}, unless a page is staged already (a test's or a technician's choice wins).
     *
     * @return whether {@code image} was staged
     */
    public synchronized boolean offerNext(Path image) {
        if (staged != null) {
            return false;
        }
        staged = image;
        return true;
    }

    @Override
    public CapturedImage capture() throws DeviceException {
        Path file = staged != null ? staged : frames.get(Math.floorMod(next.getAndIncrement(), frames.size()));
        staged = null;
        try {
            byte[] bytes = Files.readAllBytes(file);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new DeviceException("simulated camera: " + file + " is not a readable image");
            }
            String type = file.toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
            return new CapturedImage(bytes, type, image.getWidth(), image.getHeight());
        } catch (IOException e) {
            throw new DeviceNotFoundException("simulated camera: cannot read " + file, e);
        }
    }

    @Override
    public DeviceStatus check() {
        return frames.stream().allMatch(Files::isReadable)
                ? DeviceStatus.ok("camera", "simulated camera, " + frames.size() + " image(s)")
                : DeviceStatus.failed("camera", "simulated camera: an image file has gone");
    }

    @Override
    public void close() {
        // nothing held open between captures
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }
}
