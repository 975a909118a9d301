package org.openkiosk.centre.core;

import java.util.List;

/** The submission breaks a protocol rule; the kiosk gets the reasons back as a 400. */
public class InvalidSubmissionException extends Exception {

    private final List<String> problems;

    public InvalidSubmissionException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
