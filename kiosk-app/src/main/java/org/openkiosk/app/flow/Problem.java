package org.openkiosk.app.flow;

/**
 * A fault a resident must be told about. The flow deals in these values; only the UI turns them into
 * plain localised sentences (key {@code problem.<name>} in the message bundles).
 */
public enum Problem {
    NO_CARD,
    CARD_UNREADABLE,
    CARD_NUMBER_INVALID,
    READER_UNAVAILABLE,
    CAMERA_UNAVAILABLE,
    IMAGE_TOO_SMALL,
    IMAGE_BLURRED,
    IMAGE_GLARE,
    /** The ID card copy under the camera is not of the card just read. */
    ID_COPY_MISMATCH,
    FORM_INCOMPLETE,
    STORE_FAILED,
    PRINTER_PAPER_OUT,
    PRINTER_COVER_OPEN,
    PRINTER_UNAVAILABLE,
    /** The receipt could not be made (its template failed): the printer is fine, printing again would not help. */
    RECEIPT_NOT_MADE,
    /** The materials checklist could not be made (its template failed). */
    CHECKLIST_NOT_MADE,
    /** The service centre cannot be asked now (offline): e-licences are not fetched, the papers are captured. */
    CENTRE_UNREACHABLE,
    /** A matter signed by hand: the pad is still empty. */
    SIGNATURE_MISSING,
    /** The application form (PDF) could not be made: nothing was sent, the resident may try again. */
    FORM_NOT_MADE,
    /** Something the kiosk did not expect failed in this step: nothing is lost, the resident may try again. */
    UNEXPECTED;

    /** Whether printing again may help: the printer had the fault, not the kiosk's own making of the page. */
    public boolean printerFault() {
        return this == PRINTER_PAPER_OUT || this == PRINTER_COVER_OPEN || this == PRINTER_UNAVAILABLE;
    }
}
