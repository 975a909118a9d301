package org.openkiosk.device.camera;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getPerspectiveTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.warpPerspective;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Synthetic "photographs" of a printed page with known corners, for pipeline tests. */
final class GeneratedPhotos {
    private GeneratedPhotos() {
    }

    /** A white A4-proportioned page with lines of dark text. */
    static BufferedImage page(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(235, 235, 235));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(30, 30, 30));
        int size = Math.max(12, width / 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        Random r = new Random(seed);
        String words = "the applicant submits the form with a copy of the identity card and the household register";
        for (int y = height / 10; y < height * 0.6; y += size * 2) {
            int start = r.nextInt(words.length() / 2);
            g.drawString(words.substring(start) + " " + words.substring(0, start), width / 12, y);
        }
        g.dispose();
        return img;
    }

    /** The page laid on a dark table, seen from an angle: {@code corners} (x0,y0,...x3,y3) clockwise from top left. */
    static Mat photo(BufferedImage page, int width, int height, float[] corners, double blurSigma) {
        Mat src = PageScanner.toGreyMat(page);
        Mat out = new Mat(height, width, CV_8U, new Scalar(45));
        float[] from = {0, 0, page.getWidth(), 0, page.getWidth(), page.getHeight(), 0, page.getHeight()};
        try (Point2f s = new Point2f(4); Point2f d = new Point2f(4)) {
            for (int k = 0; k < 4; k++) {
                s.position(k).x(from[2 * k]).y(from[2 * k + 1]);
                d.position(k).x(corners[2 * k]).y(corners[2 * k + 1]);
            }
            s.position(0);
            d.position(0);
            try (Mat m = getPerspectiveTransform(s, d)) {
                warpPerspective(src, out, m, new Size(width, height), INTER_LINEAR, BORDER_CONSTANT, new Scalar(45));
            }
        }
        src.close();
        if (blurSigma > 0) {
            GaussianBlur(out, out, new Size(0, 0), blurSigma);
        }
        return out;
    }

    static CapturedImage jpeg(Mat m) {
        try (BytePointer buf = new BytePointer()) {
            imencode(".jpg", m, buf);
            byte[] b = new byte[(int) buf.limit()];
            buf.get(b);
            return new CapturedImage(b, "image/jpeg", m.cols(), m.rows());
        }
    }

    /** A rotated, keystoned quadrilateral: a rectangle turned by {@code degrees}, its far edge narrowed. */
    static float[] keystoned(int width, int height, double degrees, double keystone, long seed) {
        Random r = new Random(seed);
        double cx = width / 2.0 + r.nextInt(60) - 30;
        double cy = height / 2.0 + r.nextInt(60) - 30;
        double w = width * 0.62;
        double h = height * 0.78;
        double[][] rect = {{-w / 2 * (1 - keystone), -h / 2}, {w / 2 * (1 - keystone), -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
        double a = Math.toRadians(degrees);
        float[] out = new float[8];
        for (int i = 0; i < 4; i++) {
            double x = rect[i][0];
            double y = rect[i][1];
            out[2 * i] = (float) (cx + x * Math.cos(a) - y * Math.sin(a));
            out[2 * i + 1] = (float) (cy + x * Math.sin(a) + y * Math.cos(a));
        }
        return out;
    }
}
