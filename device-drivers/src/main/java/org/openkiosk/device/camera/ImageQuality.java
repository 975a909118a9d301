package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;

/**
 * On-the-spot checks that a captured page can be read by a person at the service centre: big enough, sharp
 * enough, not blown out by glare. Pure arithmetic on pixels, so it runs the same on every machine.
 */
public final class ImageQuality {
    /** Below this many pixels on the short side a printed page is not legible. */
    public static final int MIN_SHORT_SIDE = 600;
    /** Variance of the Laplacian on the grey image, at a 1000-pixel working size; lower is blurred. */
    public static final double MIN_SHARPNESS = 60.0;
    /** Share of near-white saturated pixels above which glare hides text. */
    public static final double MAX_GLARE = 0.25;

    public enum Problem { NONE, TOO_SMALL, BLURRED, GLARE }

    public record Verdict(Problem problem, double sharpness, double glare) {
        public boolean acceptable() {
            return problem == Problem.NONE;
        }
    }

    private ImageQuality() {
    }

    public static Verdict assess(BufferedImage image) {
        if (Math.min(image.getWidth(), image.getHeight()) < MIN_SHORT_SIDE) {
            return new Verdict(Problem.TOO_SMALL, 0, 0);
        }
        int[][] grey = greyScaled(image, 1000);
        double sharpness = laplacianVariance(grey);
        double glare = glareShare(grey);
        Problem problem = sharpness < MIN_SHARPNESS ? Problem.BLURRED
                : glare > MAX_GLARE ? Problem.GLARE : Problem.NONE;
        return new Verdict(problem, sharpness, glare);
    }

    private static int[][] greyScaled(BufferedImage image, int longSide) {
        double scale = Math.min(1.0, (double) longSide / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) (image.getWidth() * scale));
        int h = Math.max(1, (int) (image.getHeight() * scale));
        int[][] grey = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB((int) (x / scale), (int) (y / scale));
                grey[y][x] = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
            }
        }
        return grey;
    }

    private static double laplacianVariance(int[][] g) {
        int h = g.length;
        int w = g[0].length;
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int lap = g[y - 1][x] + g[y + 1][x] + g[y][x - 1] + g[y][x + 1] - 4 * g[y][x];
                sum += lap;
                sumSq += (double) lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static double glareShare(int[][] g) {
        long bright = 0;
        long n = 0;
        for (int[] row : g) {
            for (int v : row) {
                if (v >= 250) {
                    bright++;
                }
                n++;
            }
        }
        return n == 0 ? 0 : (double) bright / n;
    }
}
