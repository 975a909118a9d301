package org.openkiosk.sync.api;

/**
 * The kiosk's credential, handed out once per enrolment. Every later request carries it as
 * {@code Authorization: Bearer <token>}; the centre keeps only its SHA-256.
 *
 * @param kioskId    the identity the centre enrolled this kiosk under; applications must carry it
 * @param token      the secret; enrolling the same kiosk again revokes the previous one
 * @param signingKey the centre's Ed25519 public key (see {@link ContentSignature}) with which the kiosk checks the
 *                   catalogue and result documents from now on; null from a centre that does not sign
 */
public record EnrolmentResponse(String kioskId, String token, String signingKey) {

    public EnrolmentResponse(String kioskId, String token) {
        this(kioskId, token, null);
    }

    public EnrolmentResponse withSigningKey(String key) {
        return new EnrolmentResponse(kioskId, token, key);
    }
}
