package org.openkiosk.app.ui.rating;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.ui.SessionPort;

/** The five-level rating (好差评); a poor one asks why before it is sent. */
public final class RatingViewModel {
    /** Longest reason the box takes: what the centre accepts. */
    public static final int MAX_REASON_CHARS = org.openkiosk.sync.api.RatingRules.MAX_REASON_CHARS;
    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final ObjectProperty<Rating> chosen = new SimpleObjectProperty<>();
    private final StringProperty reason = new SimpleStringProperty("");
    private final BooleanProperty thanked = new SimpleBooleanProperty(false);
    private final BooleanProperty reasonMissing = new SimpleBooleanProperty(false);

    public RatingViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public ObjectProperty<Rating> chosenProperty() {
        return chosen;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public BooleanProperty thankedProperty() {
        return thanked;
    }

    public void enter() {
        chosen.set(null);
        reason.set("");
        thanked.set(false);
        reasonMissing.set(false);
    }

    /** A good rating is sent at once; a poor one waits for {@link #send()} with the reason. */
    public void choose(Rating rating) {
        chosen.set(rating);
        if (!rating.needsReason()) {
            send();
        }
    }

    /** A poor rating without a reason is not sent: the reason box stays, and says the reason is needed. */
    public void send() {
        Rating r = chosen.get();
        if (r == null || thanked.get()) {
            return;
        }
        if (r.needsReason() && (reason.get() == null || reason.get().isBlank())) {
            reasonMissing.set(true);
            return;
        }
        reasonMissing.set(false);
        flow.rate(r, reason.get());
        thanked.set(true);
    }

    /** True after a poor rating was sent without a reason. */
    public BooleanProperty reasonMissingProperty() {
        return reasonMissing;
    }

    public void finish() {
        shell.endSession();
    }
}
