package org.openkiosk.device.camera;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * Auto-capture: watches preview frames and says "capture now" once the stage has been still for a moment (the
 * resident has let go of the paper). Fires once per still period; movement re-arms it. Uses the frames' own
 * timestamps, never the wall clock, so it behaves the same on a slow machine and in tests.
 *
 * <p>Still means: the mean absolute grey difference between consecutive 80x60 thumbnails stays under
 * {@code threshold} grey levels (sensor noise is about 1; a hand or a sliding page is 5 and more).
 */
public final class StillnessDetector {
    public static final Duration DEFAULT_STILL = Duration.ofMillis(800);
    public static final double DEFAULT_THRESHOLD = 2.5;
    private static final int TW = 80;
    private static final int TH = 60;

    private final long stillNanos;
    private final double threshold;
    private int[] previous;
    private long stillSince = -1;
    private boolean fired;
    private double lastDifference = Double.NaN;

    public StillnessDetector(Duration still, double threshold) {
        this.stillNanos = still.toNanos();
        this.threshold = threshold;
    }

    public StillnessDetector() {
        this(DEFAULT_STILL, DEFAULT_THRESHOLD);
    }

    /** Feeds one frame; true exactly when the stage has just been still for long enough. */
    public boolean offer(BufferedImage frame, long timestampNanos) {
        int[] thumb = thumbnail(frame);
        if (previous == null) {
            previous = thumb;
            stillSince = timestampNanos;
            return false;
        }
        lastDifference = meanAbsDiff(previous, thumb);
        previous = thumb;
        if (lastDifference > threshold) {
            stillSince = timestampNanos;
            fired = false;
            return false;
        }
        if (!fired && timestampNanos - stillSince >= stillNanos) {
            fired = true;
            return true;
        }
        return false;
    }

    /** Mean grey difference of the last two frames (NaN before the second). */
    public double lastDifference() {
        return lastDifference;
    }

    /** Forgets everything (a new material is expected). */
    public void reset() {
        previous = null;
        stillSince = -1;
        fired = false;
        lastDifference = Double.NaN;
    }

    private static int[] thumbnail(BufferedImage frame) {
        BufferedImage t = new BufferedImage(TW, TH, BufferedImage.TYPE_BYTE_GRAY);
        var g = t.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, TW, TH, null);
        g.dispose();
        return t.getRaster().getPixels(0, 0, TW, TH, (int[]) null);
    }

    private static double meanAbsDiff(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (double) sum / a.length;
    }
}
