package org.openkiosk.app.sync;

/**
 * The TLS connection was refused before anything was sent: the centre's certificate does not come from a trusted CA
 * ({@code centre.ca-file} or the system's), or its key is not the one pinned at enrolment. Retried like any
 * unreachable centre, so a kiosk recovers once the real centre answers again.
 */
public class CentreUntrustedException extends CentreUnavailableException {

    public CentreUntrustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
