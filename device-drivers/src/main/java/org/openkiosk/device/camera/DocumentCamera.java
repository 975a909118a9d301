package org.openkiosk.device.camera;

import org.openkiosk.device.Device;
import org.openkiosk.device.DeviceException;

/** A document camera looking down at the stage where residents lay their papers. */
public interface DocumentCamera extends Device {
    /** Takes one still of whatever lies on the stage now. */
    CapturedImage capture() throws DeviceException;
}
