package org.openkiosk.device;

/** Every device answers {@link #check()} and can be closed. */
public interface Device extends AutoCloseable {
    /** Asks the device for its state without side effects a resident would notice. Never throws. */
    DeviceStatus check();

    @Override
    void close();
}
