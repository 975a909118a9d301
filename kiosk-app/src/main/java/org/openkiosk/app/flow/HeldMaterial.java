package org.openkiosk.app.flow;

/**
 * A material of the resident's the centre already holds: an e-licence (电子证照) or a document given in an earlier
 * application. Before the resident agrees to the fetch, only the kind, type and number are known; after, the
 * reference the application uses instead of a capture.
 *
 * @param kind      {@link #E_LICENCE} or {@link #REUSED}
 * @param type      the licence type (营业执照), or for a reused document the material it was given as
 * @param number    the licence number, or the earlier application's number
 * @param reference the centre's grant; null before consent
 */
public record HeldMaterial(String materialId, String kind, String type, String number, String reference) {
    public static final String E_LICENCE = "e-licence";
    public static final String REUSED = "reused";

    public boolean eLicence() {
        return E_LICENCE.equals(kind);
    }
}
