package org.openkiosk.device.camera;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.opencv_core.Mat;

/** Matrix to image conversion for 8-bit grey and BGR frames, and the scaling of preview frames. */
public final class Frames {
    private Frames() {
    }

    static BufferedImage toBufferedImage(Mat m) {
        if (m.channels() == 1) {
            return PageScanner.toBufferedImage(m);
        }
        Mat src = m.isContinuous() ? m : m.clone();
        BufferedImage out = new BufferedImage(src.cols(), src.rows(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        src.data().get(data, 0, Math.min(data.length, (int) (src.total() * src.channels())));
        if (src != m) {
            src.close();
        }
        return out;
    }

    /**
     * The factor that fits {@code width x height} into {@code maxWidth x maxHeight} keeping its proportions; 1 when it
     * fits already (frames are never enlarged).
     */
    static double fitScale(int width, int height, int maxWidth, int maxHeight) {
        if (maxWidth <= 0 || maxHeight <= 0) {
            throw new IllegalArgumentException("preview size must be positive: " + maxWidth + "x" + maxHeight);
        }
        return Math.min(1.0, Math.min((double) maxWidth / width, (double) maxHeight / height));
    }

    /**
     * {@code image} scaled down (bilinear) to fit {@code maxWidth x maxHeight}, as an opaque {@code TYPE_INT_ARGB}
     * image, the layout screens copy fastest; a new image even when no scaling was needed.
     */
    public static BufferedImage fitted(BufferedImage image, int maxWidth, int maxHeight) {
        double s = fitScale(image.getWidth(), image.getHeight(), maxWidth, maxHeight);
        int w = Math.max(1, (int) Math.round(image.getWidth() * s));
        int h = Math.max(1, (int) Math.round(image.getHeight() * s));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
