package org.openkiosk.app.flow;

import java.time.Duration;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.device.io.pcsc.CardStatusException;
import org.openkiosk.device.io.pcsc.NoCardInReaderException;
import org.openkiosk.device.sscard.SocialSecurityCard;
import org.openkiosk.device.sscard.SocialSecurityCardReader;

/** The resident taps their card, for either trip: the reader's faults become problems the screen explains. */
final class CardTap {
    private CardTap() {
    }

    /** How long each reader is watched in turn while the resident may tap either card. */
    static final Duration SLICE = Duration.ofMillis(400);

    /**
     * The resident taps the ID card on its reader or puts the social security card in the PC/SC reader, whichever
     * comes first: the two readers are watched in turn, a short while each, until {@code timeout}. A reader that fails
     * is not watched again in this tap; when both fail, the ID reader's problem is the one told.
     */
    static Applicant readEither(IdCardReader reader, SocialSecurityCardReader ssCards, Duration timeout)
            throws FlowException {
        long deadline = System.nanoTime() + timeout.toNanos();
        FlowException idFailed = null;
        boolean ssFailed = false;
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw idFailed != null ? idFailed : new FlowException(Problem.NO_CARD, "no card within " + timeout);
            }
            Duration slice = left.compareTo(SLICE) < 0 ? left : SLICE;
            if (idFailed == null) {
                try {
                    return Applicant.from(read(reader, slice));
                } catch (FlowException e) {
                    if (e.problem() != Problem.NO_CARD) {
                        idFailed = e;
                    }
                }
            }
            if (!ssFailed) {
                try {
                    SocialSecurityCard card = ssCards.readTimed(slice).card();
                    if (!card.idNumberValid()) {
                        throw new FlowException(Problem.CARD_NUMBER_INVALID, "check character does not match");
                    }
                    return Applicant.from(card);
                } catch (NoCardInReaderException e) {
                    // nothing in it yet: back to the ID reader
                } catch (DeviceException e) {
                    ssFailed = true;
                    if (e instanceof CardStatusException || e instanceof org.openkiosk.device.ProtocolException) {
                        throw new FlowException(Problem.CARD_UNREADABLE, e.getMessage(), e);
                    }
                }
            }
            if (idFailed != null && ssFailed) {
                throw idFailed;
            }
        }
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
