package org.openkiosk.centre.core;

/** The audit log's hash chain (to be written). */
public final class AuditChain {

    /** What checking the chain found: ok with the row count, or the first broken row. */
    public record Verification(boolean ok, long rows, long brokenAt, String problem, String lastHash) {
    }

    private AuditChain() {
    }
}
