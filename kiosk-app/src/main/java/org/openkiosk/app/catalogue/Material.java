package org.openkiosk.app.catalogue;

/**
 * One material a service needs, named exactly (never "related documents").
 *
 * @param form   original, copy, or both
 * @param copies how many sheets of a copy
 * @param note   what counts (which pages, issued by whom, how recent)
 * @param source how the kiosk gets it: read from the ID chip, captured under the camera, or shown at pick-up
 */
public record Material(String id, Text name, Form form, int copies, Text note, Source source) {
    public enum Form { ORIGINAL, COPY, ORIGINAL_AND_COPY }

    public enum Source {
        /** The kiosk reads it from the resident's ID card chip: not asked for again. */
        ID_CARD_READ,
        /** The resident lays it under the document camera. */
        CAPTURE,
        /** The original is shown to staff when the result is collected. */
        SHOW_AT_PICKUP
    }

    public boolean capturedAtKiosk() {
        return source == Source.CAPTURE;
    }
}
