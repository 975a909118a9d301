package org.openkiosk.app.store;

import java.time.Instant;

/**
 * One of a resident's applications at this kiosk, for the progress screen: no personal data
 * beyond what the resident already proved by presenting the card.
 *
 * @param sent            the centre has confirmed receipt
 * @param centreStatus    the latest status pulled from the centre ({@code received}, {@code accepted},
 *                        {@code rejected}, {@code more-materials}, {@code completed}); null before any
 * @param centreReason    staff's reason or note; null when none
 * @param resultAvailable the centre issued a result document
 * @param resultOnKiosk   that document has been fetched and can be printed here
 */
public record ResidentApplication(String applicationId, String applicationNo, String serviceId, String serviceName,
                                  Instant submittedAt, boolean sent, String centreStatus, String centreReason,
                                  Instant centreStatusAt, boolean resultAvailable, boolean resultOnKiosk) {
}
