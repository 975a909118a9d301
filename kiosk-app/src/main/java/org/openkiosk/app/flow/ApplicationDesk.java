package org.openkiosk.app.flow;

import org.openkiosk.app.catalogue.Matter;

/** Where a finished trip goes: stored durably, queued for the centre, a receipt printed. */
public interface ApplicationDesk {
    /** Stores and queues the application; returns only once it is durable. Prints the receipt if it can. */
    Submitted submit(Trip trip) throws FlowException;

    /** Prints the receipt of an application again (after the printer was seen to). */
    void reprintReceipt(String applicationId) throws FlowException;

    /** Prints the exact list of materials of a matter, for a resident who is missing something. */
    void printChecklist(Matter matter) throws FlowException;

    /** Records the resident's rating of the service, to be sent to the centre. */
    void rate(String applicationId, Rating rating, String reason);

    /**
     * The resident's session is over: forget what was kept for it only, such as a receipt (name, application number)
     * the printer could not print yet.
     */
    void endSession();
}
