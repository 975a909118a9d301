package org.openkiosk.app.flow;

import org.openkiosk.app.catalogue.Material;
import org.openkiosk.device.camera.CapturedImage;

/** A material the resident laid under the camera, accepted by the on-the-spot checks. */
public record Capture(Material material, CapturedImage image) {
    /** The encoded image, for showing it back to the resident. */
    public byte[] bytes() {
        return image.bytes();
    }
}
