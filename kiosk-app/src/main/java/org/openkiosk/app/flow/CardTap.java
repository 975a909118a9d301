package org.openkiosk.app.flow;

import java.time.Duration;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.NoCardException;

/** The resident taps their card, for either trip: the reader's faults become problems the screen explains. */
final class CardTap {
    private CardTap() {
    }

    static IdCard read(IdCardReader reader, Duration timeout) throws FlowException {
        IdCard card;
        try {
            card = reader.read(timeout);
        } catch (NoCardException e) {
            throw new FlowException(Problem.NO_CARD, e.getMessage(), e);
        } catch (DeviceNotFoundException e) {
            throw new FlowException(Problem.READER_UNAVAILABLE, e.getMessage(), e);
        } catch (DeviceException e) {
            throw new FlowException(Problem.CARD_UNREADABLE, e.getMessage(), e);
        }
        if (!card.idNumberValid()) {
            throw new FlowException(Problem.CARD_NUMBER_INVALID, "check character does not match");
        }
        return card;
    }
}
