package org.openkiosk.app.ui.done;

import java.util.Optional;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Submitted;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.ui.ShellViewModel;

/** The application number, whether the receipt came out, and the way to the rating. */
public final class DoneViewModel {
    private final ShellViewModel shell;
    private final TripFlow flow;

    public DoneViewModel(ShellViewModel shell, TripFlow flow) {
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

    public void toRating() {
        flow.toRating();
        shell.show();
    }
}
