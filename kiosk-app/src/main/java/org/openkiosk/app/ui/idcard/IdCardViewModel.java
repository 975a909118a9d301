package org.openkiosk.app.ui.idcard;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.ui.SessionPort;

/** Waits for the resident's card: reading starts as soon as the screen is shown, nothing to press. */
public final class IdCardViewModel {
    private final SessionPort shell;
    private final ResidentSession flow;
    private final BooleanProperty reading = new SimpleBooleanProperty(false);

    public IdCardViewModel(SessionPort shell, ResidentSession flow) {
        this.shell = shell;
        this.flow = flow;
    }

    /** Whether the social security card is taken here as well as the ID card. */
    public boolean ssCardAccepted() {
        return flow.step() == Step.PROGRESS_CARD ? flow.progress().ssCardAccepted() : flow.application().ssCardAccepted();
    }

    public BooleanProperty readingProperty() {
        return reading;
    }

    void read() {
        reading.set(true);
        shell.work(() -> flow.step() == Step.PROGRESS_CARD
                ? flow.progress().readCard() : flow.application().readCard(), result -> {
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
