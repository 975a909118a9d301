package org.openkiosk.app.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;

/**
 * An ID card reader for the flow tests: each read hands out the next of {@link #queued} (a card, or a
 * {@link DeviceException} to throw), or, with nothing queued, the card it was made with.
 */
final class ScriptedReader implements IdCardReader {
    /** Cards and exceptions, handed out in order. */
    final List<Object> queued = new ArrayList<>();
    private final IdCard otherwise;

    /** Reads only what a test queued. */
    ScriptedReader() {
        this(null);
    }

    /** Reads {@code otherwise} whenever nothing is queued. */
    ScriptedReader(IdCard otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public IdCard read(Duration timeout) throws DeviceException {
        if (queued.isEmpty() && otherwise != null) {
            return otherwise;
        }
        Object next = queued.remove(0);
        if (next instanceof DeviceException e) {
            throw e;
        }
        return (IdCard) next;
    }

    @Override
    public DeviceStatus check() {
        return DeviceStatus.ok("idcard", "scripted");
    }

    @Override
    public void close() {
    }
}
