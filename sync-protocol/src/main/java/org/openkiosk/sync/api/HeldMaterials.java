package org.openkiosk.sync.api;

import java.util.List;

/**
 * Which of a matter's materials the centre holds for the card session's holder ({@link Protocol#HELD_MATERIALS}).
 * Asked with {@code consent} false, the answer carries only kinds and numbers; asked with {@code consent} true (the
 * resident agreed on screen), each held material comes with the reference the application uses.
 *
 * @param session   the card session's token (request)
 * @param serviceId the matter asked about (request and answer)
 * @param idNumber  the holder asked about: must be the card session's (request)
 * @param materials what the kiosk's catalogue says may be satisfied this way; informative only: the centre decides
 *                  from its own catalogue (the one it publishes), never from what a kiosk claims (request; may be
 *                  empty)
 * @param consent   the resident agreed to the fetch (request and answer)
 * @param held      what the centre holds (answer)
 */
public record HeldMaterials(String session, String serviceId, String idNumber, List<Wanted> materials,
                            boolean consent, List<Held> held) {

    /** An e-licence of the holder's. */
    public static final String E_LICENCE = "e-licence";
    /** A document the holder gave in an earlier application, still held at the centre. */
    public static final String REUSED = "reused";

    /**
     * A material the kiosk asks about.
     *
     * @param eLicence the licence type that satisfies it (营业执照); null when none
     * @param reusable an earlier application's copy of the same material satisfies it
     */
    public record Wanted(String materialId, String eLicence, boolean reusable) {
    }

    /**
     * One held material.
     *
     * @param reference null before consent
     * @param issuer    who issued the licence (or the earlier application's kiosk); null before consent
     * @param validUntil the licence's last valid day (ISO date), null when long-term or before consent
     */
    public record Held(String materialId, String kind, String type, String number, String reference, String issuer,
                       String validUntil) {
    }

    public static HeldMaterials ask(String session, String serviceId, String idNumber, List<Wanted> materials,
                                    boolean consent) {
        return new HeldMaterials(session, serviceId, idNumber, materials, consent, null);
    }

    @Override
    public String toString() {
        return "HeldMaterials[session=***, serviceId=" + serviceId + ", idNumber=***, consent=" + consent
                + ", held=" + (held == null ? 0 : held.size()) + "]";
    }
}
