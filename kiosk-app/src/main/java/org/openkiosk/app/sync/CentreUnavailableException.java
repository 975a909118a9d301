package org.openkiosk.app.sync;

/** The centre could not be reached, or failed on its side (5xx); worth trying again later. */
public class CentreUnavailableException extends SyncException {

    public CentreUnavailableException(String message) {
        super(message);
    }

    public CentreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
