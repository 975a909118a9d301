package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;
import org.openkiosk.device.DeviceException;

/** A document camera with a live stream: preview frames for the screen and for auto-capture, stills on demand. */
public interface PreviewCamera extends DocumentCamera {
    /** One preview frame and when the camera took it (nanoseconds on the stream's own clock). */
    record Preview(BufferedImage image, long timestampNanos) {
    }

    /** The next frame of the stream. */
    Preview preview() throws DeviceException;
}
