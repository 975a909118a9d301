package org.openkiosk.app.sync;

/**
 * Nothing was sent: the kiosk has no centre it may talk to (not enrolled, or {@code centre.url} names a centre other
 * than the one it was enrolled at, see {@link CentreBinding}). The message says what to do.
 */
public class CentreNotBoundException extends SyncException {

    public CentreNotBoundException(String message) {
        super(message);
    }
}
