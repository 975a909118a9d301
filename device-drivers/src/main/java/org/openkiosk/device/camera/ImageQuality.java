package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;

/**
 * On-the-spot checks that a captured page can be read by a person at the service centre: big enough, sharp
 * enough, not blown out by glare. The verdict and its reasons; the measuring is {@link PageScanner}'s.
 */
public final class ImageQuality {
    /** Below this many pixels on the short side a printed page is not legible. */
    public static final int MIN_SHORT_SIDE = 600;

    public enum Problem { NONE, TOO_SMALL, BLURRED, GLARE }

    public record Verdict(Problem problem, double sharpness, double glare) {
        public boolean acceptable() {
            return problem == Problem.NONE;
        }
    }

    private ImageQuality() {
    }

    /**
     * The one page-quality judge, {@link PageScanner}'s: the page is found, straightened and judged on its text
     * (sharpness of the text strokes, glare as the share of the page burnt out to white in blobs, at most
     * {@link PageScanner#MAX_GLARE_SHARE}). The kiosk's capture screen and the OCR therefore refuse the same pages.
     */
    public static Verdict assess(BufferedImage image) {
        return new PageScanner().scan(image).verdict();
    }
}
