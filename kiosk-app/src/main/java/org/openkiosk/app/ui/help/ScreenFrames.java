package org.openkiosk.app.ui.help;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Frames of the kiosk's own screen for the help desk: a scene snapshot in which every node marked {@link #PERSONAL}
 * (name, ID number, address, phone, form values, paper previews) is painted over in the pixels, before anything is
 * encoded, then scaled and encoded as JPEG. Nothing unmasked leaves {@link #grab}.
 */
public final class ScreenFrames {
    /**
     * The style class a view puts on every node that shows a resident's personal data; the node and everything inside
     * it are masked in help frames.
     */
    public static final String PERSONAL = "personal";
    /** What a masked region is painted with (opaque grey). */
    public static final int MASK_ARGB = 0xFF808890;
    /** Frames are this wide at most (a 1920-pixel screen is sent at 1024). */
    static final int MAX_WIDTH = 1024;
    static final float QUALITY = 0.5f;

    private ScreenFrames() {
    }

    /**
     * A masked snapshot of the screen.
     *
     * @param argb   the pixels, personal regions already painted over
     * @param masked the painted regions, in the snapshot's pixels
     */
    public record Frame(int[] argb, int width, int height, List<Rectangle2D> masked) {
        /** A digest of the pixels, to send a frame only when the screen changed. */
        public int digest() {
            return java.util.Arrays.hashCode(argb);
        }
    }

    /** Marks {@code node} as showing personal data (see {@link #PERSONAL}); returns it. */
    public static <T extends Node> T personal(T node) {
        if (!node.getStyleClass().contains(PERSONAL)) {
            node.getStyleClass().add(PERSONAL);
        }
        return node;
    }

    /** A snapshot of {@code scene} with every personal node painted over (on the JavaFX thread). */
    public static Frame grab(Scene scene) {
        return grab(scene, true);
    }

    /**
     * A snapshot of {@code scene}; {@code mask} false leaves personal nodes as they are, for tests that show what the
     * masking hides (never sent anywhere).
     */
    public static Frame grab(Scene scene, boolean mask) {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        List<Rectangle2D> masked = personalRegions(scene, w / scene.getWidth(), h / scene.getHeight(), w, h);
        if (!mask) {
            return new Frame(argb, w, h, masked);
        }
        for (Rectangle2D r : masked) {
            int x0 = (int) Math.floor(r.getMinX());
            int y0 = (int) Math.floor(r.getMinY());
            int x1 = (int) Math.ceil(r.getMaxX());
            int y1 = (int) Math.ceil(r.getMaxY());
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(argb, y * w + x0, y * w + x1, MASK_ARGB);
            }
        }
        return new Frame(argb, w, h, masked);
    }

    /** Where the visible personal nodes of {@code scene} are, in snapshot pixels, a margin added, clipped to it. */
    static List<Rectangle2D> personalRegions(Scene scene, double sx, double sy, int w, int h) {
        List<Rectangle2D> out = new ArrayList<>();
        collect(scene.getRoot(), sx, sy, w, h, out);
        return out;
    }

    private static void collect(Node node, double sx, double sy, int w, int h, List<Rectangle2D> out) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        if (node.getStyleClass().contains(PERSONAL)) {
            Bounds b = node.localToScene(node.getBoundsInLocal());
            double margin = 4;
            double x0 = Math.max(0, (b.getMinX() - margin) * sx);
            double y0 = Math.max(0, (b.getMinY() - margin) * sy);
            double x1 = Math.min(w, (b.getMaxX() + margin) * sx);
            double y1 = Math.min(h, (b.getMaxY() + margin) * sy);
            if (x1 > x0 && y1 > y0) {
                out.add(new Rectangle2D(x0, y0, x1 - x0, y1 - y0));
            }
            return; // everything inside is covered
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, sx, sy, w, h, out);
            }
        }
    }

    /** The frame scaled to at most {@link #MAX_WIDTH} and encoded as JPEG. */
    public static byte[] jpeg(Frame frame) {
        BufferedImage full = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        full.setRGB(0, 0, frame.width(), frame.height(), frame.argb(), 0, frame.width());
        double scale = Math.min(1.0, (double) MAX_WIDTH / frame.width());
        BufferedImage out = full;
        if (scale < 1.0) {
            int w = (int) Math.round(frame.width() * scale);
            int h = (int) Math.round(frame.height() * scale);
            out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            var g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(full, 0, 0, w, h, null);
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(out, null, null), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a help frame could not be encoded", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The scale {@link #jpeg} applies to a frame {@code width} wide. */
    public static double scaleFor(int width) {
        return Math.min(1.0, (double) MAX_WIDTH / width);
    }
}
