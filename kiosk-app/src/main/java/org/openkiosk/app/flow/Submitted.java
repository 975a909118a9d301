package org.openkiosk.app.flow;

import java.time.Instant;
import java.util.Optional;

/**
 * An application durably stored and queued for the centre.
 *
 * @param receiptProblem empty when the receipt was printed; otherwise why not (the application is safe either way)
 */
public record Submitted(String applicationId, String applicationNo, Instant submittedAt, Optional<Problem> receiptProblem) {
}
