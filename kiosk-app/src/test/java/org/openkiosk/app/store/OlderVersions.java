package org.openkiosk.app.store;

/** What a database written by an older kiosk version looks like, for tests that rewrite rows as it left them. */
final class OlderVersions {

    /**
     * Forgets the Java data migrations (V8 and later) in Flyway's schema history: a version older than them never ran
     * them, so the next open runs them on the rows the test rewrote.
     */
    static final String BEFORE_DATA_MIGRATIONS =
            "DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) >= 8";

    private OlderVersions() {
    }
}
