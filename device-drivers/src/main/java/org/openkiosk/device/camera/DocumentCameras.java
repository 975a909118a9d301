package org.openkiosk.device.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.camera.sim.FileCamera;

/** Opens the camera a source string names, so callers need not know the implementations. */
public final class DocumentCameras {
    private DocumentCameras() {
    }

    /**
     * A folder of images: the simulated {@link FileCamera}. A UVC index ({@code 0}) or {@code /dev/...} path, a video
     * file, an image file or an image-sequence pattern: a {@link GrabberCamera} (UVC devices are opened on first use).
     */
    public static DocumentCamera open(String source) throws DeviceException {
        if (!source.startsWith("/dev/") && Files.isDirectory(Path.of(source))) {
            return FileCamera.fromDirectory(Path.of(source));
        }
        return GrabberCamera.fromSource(source);
    }
}
