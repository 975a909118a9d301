package org.openkiosk.device.io.pcsc;

import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.openkiosk.device.DeviceException;

/**
 * A connection to one card: APDUs in, responses out, nothing about what they mean. Protocols (the social security
 * card's, for one) are written on top of it, so they run against PC/SC or anything else that carries APDUs.
 */
public interface CardService extends AutoCloseable {
    /**
     * Sends one command and returns the card's response, whatever its status word.
     *
     * @throws org.openkiosk.device.DeviceNotFoundException the card was taken out or the reader went away
     * @throws DeviceException                              the exchange failed otherwise
     */
    ResponseAPDU transmit(CommandAPDU command) throws DeviceException;

    /** The reader the card sits in, for logs and technicians. */
    String readerName();

    /** Ends the connection; the card stays powered for the next one. */
    @Override
    void close();
}
