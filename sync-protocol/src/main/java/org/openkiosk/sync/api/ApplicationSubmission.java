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
 */
public record ApplicationSubmission(String applicationId, String applicationNo,
                                    String kioskId, String serviceId, String serviceName,
                                    String applicantName, String idNumber,
                                    Map<String, String> fields, List<DocumentPayload> documents,
                                    Instant submittedAt) {
}
