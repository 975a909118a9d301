package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;
import org.openkiosk.device.DeviceException;

/** A document camera with a live stream: preview frames for the screen and for auto-capture, stills on demand. */
public interface PreviewCamera extends DocumentCamera {
    /** One preview frame and when the camera took it (nanoseconds on the stream's own clock). */
    record Preview(BufferedImage image, long timestampNanos) {
    }

    /** The next frame of the stream, at the camera's full size. */
    Preview preview() throws DeviceException;

    /**
     * The next frame for the screen: scaled down to fit {@code maxWidth x maxHeight} (never enlarged), as an opaque
     * {@code TYPE_INT_ARGB} image the caller owns. Cheap enough to call several times a second, and it leaves the
     * stills alone: a simulated camera does not use up the page the next {@link #capture()} returns. This default
     * scales {@link #preview()}; drivers that can do it cheaper (a scaled grab, a cached file) override it.
     */
    default Preview preview(int maxWidth, int maxHeight) throws DeviceException {
        Preview full = preview();
        return new Preview(Frames.fitted(full.image(), maxWidth, maxHeight), full.timestampNanos());
    }
}
