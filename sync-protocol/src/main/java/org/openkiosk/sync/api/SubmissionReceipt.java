package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * The centre's answer to a submission.
 *
 * @param status     {@code "received"}
 * @param duplicate  true when the centre already had this applicationId (nothing stored twice)
 * @param receivedAt when the centre first stored the application
 */
public record SubmissionReceipt(String applicationId, String applicationNo, String status, boolean duplicate,
                                Instant receivedAt) {

    public static final String RECEIVED = "received";
}
