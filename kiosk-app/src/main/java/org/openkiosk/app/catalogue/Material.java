package org.openkiosk.app.catalogue;

/**
 * One material a service needs, named exactly (never "related documents").
 *
 * @param form     original, copy, or both
 * @param copies   how many sheets of a copy
 * @param note     what counts (which pages, issued by whom, how recent)
 * @param source   how the kiosk gets it: read from the ID chip, captured under the camera, or shown at pick-up
 * @param document for a captured paper that carries fields the kiosk can read (OCR), its kind:
 *                 {@code id_card} (a copy of the resident's own card: checked against the card just read),
 *                 {@code household_register} or {@code business_licence}; null for any other paper
 * @param eLicence the e-licence type (电子证照, e.g. 营业执照) that satisfies a captured material, when the centre holds
 *                 one for the resident; null for none
 * @param reusable the same material given in an earlier application and still held at the centre satisfies it
 */
public record Material(String id, Text name, Form form, int copies, Text note, Source source, String document,
                       @com.fasterxml.jackson.annotation.JsonProperty("eLicence") String eLicence, boolean reusable) {
    public enum Form { ORIGINAL, COPY, ORIGINAL_AND_COPY }

    public enum Source {
        /** The kiosk reads it from the resident's ID card chip: not asked for again. */
        ID_CARD_READ,
        /** The resident lays it under the document camera. */
        CAPTURE,
        /** The original is shown to staff when the result is collected. */
        SHOW_AT_PICKUP
    }

    /** The kinds of paper whose fields the kiosk reads, as the catalogue spells them. */
    public static final java.util.Set<String> READABLE_DOCUMENTS = java.util.Set.of("id_card", "household_register",
            "business_licence");

    public Material {
        document = document == null || document.isBlank() ? null : document.strip();
        eLicence = eLicence == null || eLicence.isBlank() ? null : eLicence.strip();
    }

    public Material(String id, Text name, Form form, int copies, Text note, Source source, String document) {
        this(id, name, form, copies, note, source, document, null, false);
    }

    /** A captured material the centre may already hold for the resident: an e-licence, or an earlier application's. */
    public boolean mayBeHeld() {
        return source == Source.CAPTURE && (eLicence != null || reusable);
    }

    public boolean capturedAtKiosk() {
        return source == Source.CAPTURE;
    }

    /** True for a copy of the resident's own ID card, which must match the card read at the kiosk. */
    public boolean isIdCardCopy() {
        return "id_card".equals(document);
    }
}
