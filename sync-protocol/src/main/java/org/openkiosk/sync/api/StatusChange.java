package org.openkiosk.sync.api;

import java.time.Instant;

/**
 * One change of an application's status at the centre, as a kiosk pulls them
 * ({@code GET /api/v1/changes?since=CURSOR}).
 *
 * @param seq             position in the centre's change log; the next pull asks for changes after it
 * @param status          {@code received}, {@code accepted}, {@code rejected}, {@code more-materials},
 *                        {@code completed}
 * @param reason          staff's reason or note for the resident; null when none
 * @param resultAvailable a result document can be fetched from {@code /api/v1/applications/{id}/result}
 * @param resultSha256    the SHA-256 of the result document this change came with (a completion, or a re-issued
 *                        result); null when none. A kiosk holding a result with another digest fetches it again.
 */
public record StatusChange(long seq, String applicationId, String applicationNo, String status, String reason,
                           Instant at, boolean resultAvailable, String resultSha256) {
}
