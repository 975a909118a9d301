package org.openkiosk.app.ui.idcard;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.ui.ShellViewModel;

/** Waits for the resident's card: reading starts as soon as the screen is shown, nothing to press. */
public final class IdCardViewModel {
    private final ShellViewModel shell;
    private final TripFlow flow;
    private final BooleanProperty reading = new SimpleBooleanProperty(false);

    public IdCardViewModel(ShellViewModel shell, TripFlow flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public BooleanProperty readingProperty() {
        return reading;
    }

    void read() {
        reading.set(true);
        shell.work(() -> flow.step() == org.openkiosk.app.flow.TripFlow.Step.PROGRESS_CARD
                ? flow.readCardForProgress() : flow.readCard(), result -> {
            reading.set(false);
            shell.show();
        }, problem -> reading.set(false));
    }

    public void enter() {
        read();
    }

    public void retry() {
        if (!reading.get()) {
            read();
        }
    }
}
