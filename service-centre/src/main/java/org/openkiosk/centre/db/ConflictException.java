package org.openkiosk.centre.db;

/**
 * The request contradicts what the centre already holds (an application id taken by another kiosk,
 * a document that was never uploaded): the kiosk gets a 409 with this message.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
