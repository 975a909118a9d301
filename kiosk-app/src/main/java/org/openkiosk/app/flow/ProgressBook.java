package org.openkiosk.app.flow;

import java.util.List;

/** The resident's applications known to this kiosk, with their latest status from the centre. */
public interface ProgressBook {
    /** Newest first; empty when the resident has none here. */
    List<ApplicationProgress> applicationsOf(String idNumber);

    /** Prints the result document the centre issued for one of them (统一出件). */
    void printResult(String applicationId) throws FlowException;
}
