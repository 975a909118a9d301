package org.openkiosk.device.camera.sim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.Frames;
import org.openkiosk.device.camera.PreviewCamera;

/**
 * A document camera that "sees" real image files: a directory of JPEG/PNG photographs, served in name
 * order and round again. {@link #showNext(Path)} puts one particular page on the stage (tests, demo).
 * Its live stream shows the page lying on the stage now, the one the next capture returns, without using it up;
 * {@link #unplug()} makes it fail as a camera whose cable was pulled.
 */
public final class FileCamera implements PreviewCamera {
    private final List<Path> frames;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong previews = new AtomicLong();
    private volatile Path staged;
    /** Whether {@link #staged} came from {@link #offerNext} (a guess a later offer may change) and not {@link #showNext}. */
    private volatile boolean offered;
    private volatile boolean unplugged;
    /** The last preview frame, scaled, kept while its file and the size asked for stay the same. */
    private volatile Scaled scaled;

    private record Scaled(Path file, FileTime modified, long size, int maxWidth, int maxHeight, BufferedImage image) {
    }

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
    public synchronized void showNext(Path image) {
        staged = image;
        offered = false;
    }

    /**
     * Like {@link #showNext(Path)}, unless a page was put there with {@link #showNext(Path)} (a test's or a
     * technician's choice wins). An earlier offer is replaced: the resident has moved on to another paper.
     *
     * @return whether {@code image} was staged
     */
    public synchronized boolean offerNext(Path image) {
        if (staged != null && !offered) {
            return false;
        }
        staged = image;
        offered = true;
        return true;
    }

    /** From now on every capture, preview and check fails, as if the camera's cable had been pulled. */
    public void unplug() {
        unplugged = true;
    }

    /** Undoes {@link #unplug()}. */
    public void plugIn() {
        unplugged = false;
    }

    /** How many preview frames were taken so far (tests: whether anyone is still watching the stage). */
    public long previewCount() {
        return previews.get();
    }

    private void requirePlugged() throws DeviceNotFoundException {
        if (unplugged) {
            throw new DeviceNotFoundException("simulated camera: unplugged");
        }
    }

    /** The page on the stage now: the staged one, or the next of the directory; using up neither. */
    private Path onStage() {
        Path file = staged;
        return file != null ? file : frames.get(Math.floorMod(next.get(), frames.size()));
    }

    @Override
    public Preview preview() throws DeviceException {
        requirePlugged();
        Path file = onStage();
        BufferedImage image = read(file);
        previews.incrementAndGet();
        return new Preview(image, System.nanoTime());
    }

    /** The page on the stage, read and scaled once and served from memory while the file stays the same. */
    @Override
    public Preview preview(int maxWidth, int maxHeight) throws DeviceException {
        requirePlugged();
        Path file = onStage();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new DeviceNotFoundException("simulated camera: cannot read " + file, e);
        }
        Scaled s = scaled;
        if (s == null || !s.file().equals(file) || !s.modified().equals(attributes.lastModifiedTime())
                || s.size() != attributes.size() || s.maxWidth() != maxWidth || s.maxHeight() != maxHeight) {
            s = new Scaled(file, attributes.lastModifiedTime(), attributes.size(), maxWidth, maxHeight,
                    Frames.fitted(read(file), maxWidth, maxHeight));
            scaled = s;
        }
        previews.incrementAndGet();
        return new Preview(copy(s.image()), System.nanoTime());
    }

    private static BufferedImage read(Path file) throws DeviceException {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new DeviceException("simulated camera: " + file + " is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new DeviceNotFoundException("simulated camera: cannot read " + file, e);
        }
    }

    /** The caller owns each frame: a copy of the cached {@code TYPE_INT_ARGB} one. */
    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int[] from = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] to = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(from, 0, to, 0, to.length);
        return out;
    }

    @Override
    public CapturedImage capture() throws DeviceException {
        requirePlugged();
        Path file = staged != null ? staged : frames.get(Math.floorMod(next.getAndIncrement(), frames.size()));
        staged = null;
        try {
            byte[] bytes = Files.readAllBytes(file);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new DeviceException("simulated camera: " + file + " is not a readable image");
            }
            return asKioskImage(bytes, image);
        } catch (IOException e) {
            throw new DeviceNotFoundException("simulated camera: cannot read " + file, e);
        }
    }

    /**
     * The frame as a real camera gives it: JPEG or PNG, the type told by the file's own bytes (its name may
     * say otherwise); any other format ImageIO reads (GIF, BMP) is re-encoded as PNG, because the kiosk and
     * the centre accept a document only as JPEG, PNG or PDF, by its bytes.
     */
    private static CapturedImage asKioskImage(byte[] bytes, BufferedImage image) throws IOException {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return new CapturedImage(bytes, "image/jpeg", image.getWidth(), image.getHeight());
        }
        if (bytes.length >= 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                && bytes[4] == '\r' && bytes[5] == '\n' && bytes[6] == 0x1A && bytes[7] == '\n') {
            return new CapturedImage(bytes, "image/png", image.getWidth(), image.getHeight());
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return new CapturedImage(png.toByteArray(), "image/png", image.getWidth(), image.getHeight());
    }

    @Override
    public DeviceStatus check() {
        if (unplugged) {
            return DeviceStatus.failed("camera", "simulated camera: unplugged");
        }
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
