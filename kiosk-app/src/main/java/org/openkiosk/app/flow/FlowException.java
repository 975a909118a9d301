package org.openkiosk.app.flow;

/** A step of the trip could not be done; {@link #problem()} says what to tell the resident. */
public class FlowException extends Exception {
    private final Problem problem;

    public FlowException(Problem problem, String detail, Throwable cause) {
        super(problem + ": " + detail, cause);
        this.problem = problem;
    }

    public FlowException(Problem problem, String detail) {
        this(problem, detail, null);
    }

    public Problem problem() {
        return problem;
    }
}
