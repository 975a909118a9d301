package org.openkiosk.sync.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An application as the kiosk sends it to the centre.
 *
 * @param applicationId idempotency key (a UUID made by the kiosk); the centre stores each id once
 * @param applicationNo number printed on the resident's receipt, assigned by the kiosk,
 *                      e.g. {@code K0001-20261123-0007}
 * @param fields        form fields by key; may be empty
 * @param documents     attached materials; may be empty
 * @param submittedAt   when the resident confirmed the application at the kiosk
 * @param references    materials not captured but referred to: an e-licence or a document the resident gave in an
 *                      earlier application, as the centre granted them after the resident's consent
 *                      ({@link HeldMaterials}); null or empty when none (and from kiosks that predate them)
 */
public record ApplicationSubmission(String applicationId, String applicationNo,
                                    String kioskId, String serviceId, String serviceName,
                                    String applicantName, String idNumber,
                                    Map<String, String> fields, List<DocumentPayload> documents,
                                    Instant submittedAt, List<MaterialReference> references) {

    /** An application that refers to no held material. */
    public ApplicationSubmission(String applicationId, String applicationNo, String kioskId, String serviceId,
                                 String serviceName, String applicantName, String idNumber, Map<String, String> fields,
                                 List<DocumentPayload> documents, Instant submittedAt) {
        this(applicationId, applicationNo, kioskId, serviceId, serviceName, applicantName, idNumber, fields, documents,
                submittedAt, List.of());
    }

    /** The materials referred to, never null. */
    public List<MaterialReference> referencesOrEmpty() {
        return references == null ? List.of() : references;
    }
}
