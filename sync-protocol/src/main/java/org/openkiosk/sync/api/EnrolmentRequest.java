package org.openkiosk.sync.api;

/**
 * {@code POST /api/v1/enrol}: a kiosk trades the one-time code a centre operator gave its technician
 * ({@code ./kiosk centre enrol}) for its own credential.
 *
 * @param code the one-time code, e.g. {@code ABCD-EFGH-JKMN-PQRS} (case and dashes do not matter)
 */
public record EnrolmentRequest(String code) {
}
