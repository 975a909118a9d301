package org.openkiosk.centre.core;

import org.openkiosk.centre.db.StaffRepository;

/**
 * Checks the audit log's hash chain: every row carries the hash of the row before it and its own hash over that
 * and its values ({@link StaffRepository#chainHash}), so a row changed or deleted behind the database's back (its
 * triggers refuse both) breaks the chain at that row or the next.
 */
public final class AuditChain {

    /**
     * What checking the chain found: ok with the row count and the last row's hash (worth writing down: a chain cut
     * off at its end shows only against an earlier count and hash), or the first broken row and why.
     */
    public record Verification(boolean ok, long rows, long brokenAt, String problem, String lastHash) {
    }

    private final StaffRepository repository;

    public AuditChain(StaffRepository repository) {
        this.repository = repository;
    }

    public Verification verify() {
        long[] count = {0};
        String[] prev = {""};
        Verification[] broken = {null};
        repository.forEachAuditRow(r -> {
            if (broken[0] != null) {
                return;
            }
            count[0]++;
            if (r.hash() == null) {
                broken[0] = new Verification(false, count[0], r.id(), "row " + r.id() + " carries no hash", prev[0]);
            } else if (!prev[0].equals(r.prevHash())) {
                broken[0] = new Verification(false, count[0], r.id(), "row " + r.id()
                        + " does not follow the row before it (a row before it was deleted, changed or inserted)", prev[0]);
            } else if (!StaffRepository.chainHash(r.prevHash(), r.at(), r.username(), r.action(), r.applicationId(),
                    r.detail()).equals(r.hash())) {
                broken[0] = new Verification(false, count[0], r.id(), "row " + r.id() + " was changed after it was written",
                        prev[0]);
            } else {
                prev[0] = r.hash();
            }
        });
        return broken[0] != null ? broken[0] : new Verification(true, count[0], 0, null, prev[0]);
    }
}
