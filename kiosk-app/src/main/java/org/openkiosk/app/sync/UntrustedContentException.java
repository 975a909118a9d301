package org.openkiosk.app.sync;

/**
 * A catalogue or result document came without the centre's valid signature (changed or made up on the way, or the
 * kiosk was enrolled before the centre signed and must enrol again): it was refused, not applied and not kept.
 */
public class UntrustedContentException extends SyncException {

    private final String what;

    public UntrustedContentException(String what, String message) {
        super(message);
        this.what = what;
    }

    /** {@code catalogue} or {@code result}. */
    public String what() {
        return what;
    }
}
