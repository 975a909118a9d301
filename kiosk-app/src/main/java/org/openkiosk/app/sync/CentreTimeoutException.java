package org.openkiosk.app.sync;

/** The centre did not answer within the client's timeout. */
public class CentreTimeoutException extends CentreUnavailableException {

    public CentreTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
