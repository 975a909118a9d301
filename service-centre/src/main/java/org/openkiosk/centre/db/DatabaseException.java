package org.openkiosk.centre.db;

/** The centre database failed (disk, corruption, locking); not something a kiosk did wrong. */
public class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
