package org.openkiosk.app.sync;

/** The centre answered 4xx: it refuses this application, with its reason. */
public class SubmissionRejectedException extends SyncException {

    private final int status;
    private final String reason;

    public SubmissionRejectedException(int status, String reason) {
        super("centre refused the application (HTTP " + status + "): " + reason);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
