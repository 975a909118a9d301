package org.openkiosk.app.flow;

import java.time.Instant;

/**
 * Where one of the resident's applications stands, as far as this kiosk knows.
 *
 * @param detail the centre's words for the resident (a reason for rejection, the materials still needed), or ""
 */
public record ApplicationProgress(String applicationId, String applicationNo, String serviceName, Instant submittedAt,
                                  Stage stage, String detail, boolean resultPrintable) {
    public enum Stage {
        /** Stored at this kiosk, waiting for the link to the centre. */
        NOT_YET_SENT,
        /** The centre has it. */
        RECEIVED,
        /** Staff are reviewing it. */
        IN_REVIEW,
        /** Staff ask for more materials (see detail). */
        MORE_MATERIALS,
        ACCEPTED,
        REJECTED,
        /** A result document was issued and can be printed here (统一出件). */
        RESULT_ISSUED
    }
}
