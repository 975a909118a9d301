package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** The technician PIN pad's lockout as last saved ({@code technician_lockout}, one row), so a restart keeps it. */
public final class TechnicianLockoutState {

    private final Transactions tx;

    TechnicianLockoutState(Transactions tx) {
        this.tx = tx;
    }

    /** The technician PIN pad's lockout as last saved ({@link TechnicianLockout#NONE} before any wrong PIN). */
    public TechnicianLockout technicianLockout() {
        return tx.read("cannot read the technician lockout", db -> {
            try (PreparedStatement st = db.prepareStatement("SELECT wrong_tries, locked_until FROM technician_lockout");
                 ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return TechnicianLockout.NONE; // the row is put there by V5; without it no wrong PIN was saved
                }
                String lockedUntil = rs.getString(2);
                return new TechnicianLockout(rs.getInt(1), lockedUntil == null ? null : Instant.parse(lockedUntil));
            }
        });
    }

    /** Saves the technician PIN pad's lockout; on disk when this returns, so a power cut does not undo a wrong try. */
    public void saveTechnicianLockout(TechnicianLockout lockout) {
        if (lockout == null || lockout.wrongTries() < 0) {
            throw new IllegalArgumentException("a lockout with a count of 0 or more is required");
        }
        tx.write("cannot save the technician lockout", db -> {
            try (PreparedStatement st = db.prepareStatement("INSERT INTO technician_lockout (id, wrong_tries,"
                    + " locked_until) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    + " wrong_tries = excluded.wrong_tries, locked_until = excluded.locked_until")) {
                st.setInt(1, lockout.wrongTries());
                st.setString(2, lockout.lockedUntil() == null ? null : lockout.lockedUntil().toString());
                if (st.executeUpdate() != 1) {
                    throw new StoreException("the technician lockout was not saved", null);
                }
            }
        });
    }
}
