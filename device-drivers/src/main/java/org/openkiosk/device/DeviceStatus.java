package org.openkiosk.device;

/**
 * What a device says of itself when asked: used by the technician screen, `selftest` and the heartbeat.
 *
 * @param device the device kind: {@code idcard}, {@code camera}, {@code printer} ...
 * @param ok     whether the device can serve residents now
 * @param detail one plain line for a technician
 */
public record DeviceStatus(String device, boolean ok, String detail) {
    public static DeviceStatus ok(String device, String detail) {
        return new DeviceStatus(device, true, detail);
    }

    public static DeviceStatus failed(String device, String detail) {
        return new DeviceStatus(device, false, detail);
    }
}
