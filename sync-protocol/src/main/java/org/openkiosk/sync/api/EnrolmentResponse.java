package org.openkiosk.sync.api;

/**
 * The kiosk's credential, handed out once per enrolment. Every later request carries it as
 * {@code Authorization: Bearer <token>}; the centre keeps only its SHA-256.
 *
 * @param kioskId the identity the centre enrolled this kiosk under; applications must carry it
 * @param token   the secret; enrolling the same kiosk again revokes the previous one
 */
public record EnrolmentResponse(String kioskId, String token) {
}
