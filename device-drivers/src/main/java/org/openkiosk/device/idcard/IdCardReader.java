package org.openkiosk.device.idcard;

import java.time.Duration;
import org.openkiosk.device.Device;
import org.openkiosk.device.DeviceException;

/** An identity card reader (SAM module). {@link #check()} reports whether the module answers. */
public interface IdCardReader extends Device {
    /**
     * Waits up to {@code timeout} for a card to be placed, then finds, selects and reads it.
     *
     * @throws NoCardException                                   no card was placed in time
     * @throws ReaderStatusException                             the module refused, with its status decoded
     * @throws org.openkiosk.device.ProtocolException            the replies stayed garbled after retries
     * @throws org.openkiosk.device.DeviceTimeoutException       the module stopped answering
     * @throws org.openkiosk.device.DeviceNotFoundException      the port is not there (unplugged)
     */
    IdCard read(Duration timeout) throws DeviceException;
}
