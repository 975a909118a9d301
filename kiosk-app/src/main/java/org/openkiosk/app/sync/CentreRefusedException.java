package org.openkiosk.app.sync;

/**
 * The centre answered 4xx to something other than a submission (enrolment, upload, pull), with its
 * reason. A 401 means the kiosk's credential is missing or revoked: enrol again.
 */
public class CentreRefusedException extends SyncException {

    private final int status;
    private final String reason;

    public CentreRefusedException(String what, int status, String reason) {
        super("centre refused " + what + " (HTTP " + status + "): " + reason);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** True when the credential itself was refused: nothing will work until the kiosk is enrolled again. */
    public boolean credentialRefused() {
        return status == 401;
    }
}
