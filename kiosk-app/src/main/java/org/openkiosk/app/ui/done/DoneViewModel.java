package org.openkiosk.app.ui.done;

import java.util.Optional;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Submitted;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.ui.SessionPort;

/** The application number, whether the receipt came out, and the way to the rating. */
public final class DoneViewModel {
    private final SessionPort shell;
    private final ApplicationTrip flow;

    public DoneViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    private Submitted submitted() {
        return flow.submitted().orElseThrow();
    }

    public String applicationNo() {
        return submitted().applicationNo();
    }

    public Optional<Problem> receiptProblem() {
        return submitted().receiptProblem();
    }

    public int promisedDays() {
        return flow.matter().orElseThrow().promisedDays();
    }

    public void reprint() {
        shell.work(() -> {
            flow.reprintReceipt();
            return Boolean.TRUE;
        }, ok -> shell.show(), problem -> { });
    }

    /** The application form went with the application (a matter signed by hand): it can be printed on A4. */
    public boolean hasApplicationForm() {
        return flow.applicationForm().isPresent();
    }

    private final javafx.beans.property.BooleanProperty formPrinted = new javafx.beans.property.SimpleBooleanProperty();

    public javafx.beans.property.BooleanProperty formPrintedProperty() {
        return formPrinted;
    }

    public void printApplicationForm() {
        shell.work(() -> {
            flow.printApplicationForm();
            return Boolean.TRUE;
        }, ok -> formPrinted.set(true), problem -> formPrinted.set(false));
    }

    public void toRating() {
        flow.toRating();
        shell.show();
    }
}
