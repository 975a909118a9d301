package org.openkiosk.app.sync;

/**
 * Sending an application to the centre failed. The subtype says whether trying again can help:
 * {@link CentreUnavailableException} (network, timeout, centre error: retry later) or
 * {@link SubmissionRejectedException} (the centre refused this application: retrying the same
 * bytes will not help).
 */
public class SyncException extends Exception {

    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
