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
    PRINTER_UNAVAILABLE
}
