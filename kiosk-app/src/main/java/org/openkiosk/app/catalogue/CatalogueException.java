package org.openkiosk.app.catalogue;

/** The catalogue data is missing or malformed; the message names the file and the entry. */
public class CatalogueException extends Exception {
    public CatalogueException(String message) {
        super(message);
    }
}
