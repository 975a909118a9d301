package org.openkiosk.app.store;

/** The kiosk database failed (disk full, file damaged): the application was NOT stored. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
