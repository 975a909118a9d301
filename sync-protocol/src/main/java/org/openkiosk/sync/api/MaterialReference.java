package org.openkiosk.sync.api;

/**
 * A material of an application that the kiosk did not capture because the centre already holds it: an e-licence
 * (电子证照) or a document the same resident gave in an earlier application. Only the centre's grant reference travels;
 * the licence or document itself never leaves the centre.
 *
 * @param materialId the catalogue's material this satisfies
 * @param kind       {@link HeldMaterials#E_LICENCE} or {@link HeldMaterials#REUSED}
 * @param reference  the grant the centre answered after the resident's consent
 * @param type       the licence type (营业执照) or, for a reused document, the material it was given as
 * @param number     the licence number, or the earlier application's number
 */
public record MaterialReference(String materialId, String kind, String reference, String type, String number) {
}
