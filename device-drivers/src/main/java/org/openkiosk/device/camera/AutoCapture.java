package org.openkiosk.device.camera;

import java.util.Optional;
import org.openkiosk.device.DeviceException;

/**
 * Takes the still once the page has lain still: reads preview frames from the camera into a
 * {@link StillnessDetector} and captures when it fires. The UI shows the same preview frames (issue 4's live
 * preview) by passing a listener.
 */
public final class AutoCapture {
    /** Receives each preview frame, e.g. to show it on screen. */
    public interface FrameListener {
        void frame(PreviewCamera.Preview preview);
    }

    private AutoCapture() {
    }

    /**
     * Reads up to {@code maxFrames} preview frames; captures and returns the still as soon as the stage has been still
     * for the detector's time, or empty if it never was.
     */
    public static Optional<CapturedImage> whenStill(PreviewCamera camera, StillnessDetector detector, int maxFrames,
                                                    FrameListener listener) throws DeviceException {
        for (int i = 0; i < maxFrames; i++) {
            PreviewCamera.Preview p = camera.preview();
            if (listener != null) {
                listener.frame(p);
            }
            if (detector.offer(p.image(), p.timestampNanos())) {
                return Optional.of(camera.capture());
            }
        }
        return Optional.empty();
    }
}
