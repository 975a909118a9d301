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

    /**
     * Prints the checklist, the materials in {@code held} marked as fetched from the e-licence store (no paper needed).
     */
    default void printChecklist(Matter matter, java.util.Map<String, HeldMaterial> held) throws FlowException {
        printChecklist(matter);
    }

    /**
     * Makes the A4 application form of a trip (the matter, the applicant, every field, the materials, the signature and
     * the date) as a PDF with its fonts embedded.
     *
     * @param departmentNames the departments that handle the matter, by name, as the form shows them
     */
    default byte[] applicationForm(Trip trip, String departmentNames) throws FlowException {
        throw new FlowException(Problem.FORM_NOT_MADE, "this desk makes no application forms");
    }

    /** Prints a PDF (the application form) on the A4 printer. */
    default void printDocument(byte[] pdf, String jobName) throws FlowException {
        throw new FlowException(Problem.PRINTER_UNAVAILABLE, "this desk has no A4 printer");
    }

    /** Records the resident's rating of the service, to be sent to the centre. */
    void rate(String applicationId, Rating rating, String reason);

    /**
     * This desk's part of a new resident's session: what it keeps for that resident only (a receipt the printer could
     * not print yet) lives in the returned desk and is dropped with the session. A desk that keeps nothing per
     * resident returns itself.
     */
    default ApplicationDesk openSession() {
        return this;
    }

    /**
     * The resident's session is over (the desk of {@link #openSession()} is about to be dropped): forget what was kept for it only, such as a receipt (name, application number)
     * the printer could not print yet.
     */
    void endSession();
}
