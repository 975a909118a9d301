package org.openkiosk.sync.api;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/changes?since=CURSOR}: the calling kiosk's status changes after
 * the cursor, oldest first, at most a page of them.
 *
 * @param cursor pass as {@code since} next time (the {@code seq} of the last change, or the given
 *               cursor when there are none)
 * @param more   true when more changes wait beyond this page
 */
public record ChangesPage(List<StatusChange> changes, long cursor, boolean more) {
}
