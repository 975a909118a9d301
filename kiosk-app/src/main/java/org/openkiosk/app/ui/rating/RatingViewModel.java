package org.openkiosk.app.ui.rating;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.ui.ShellViewModel;

/** The five-level rating (好差评); a poor one asks why before it is sent. */
public final class RatingViewModel {
    private final ShellViewModel shell;
    private final TripFlow flow;
    private final ObjectProperty<Rating> chosen = new SimpleObjectProperty<>();
    private final StringProperty reason = new SimpleStringProperty("");
    private final BooleanProperty thanked = new SimpleBooleanProperty(false);

    public RatingViewModel(ShellViewModel shell, TripFlow flow) {
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
    }

    /** A good rating is sent at once; a poor one waits for {@link #send()} with the reason. */
    public void choose(Rating rating) {
        chosen.set(rating);
        if (!rating.needsReason()) {
            send();
        }
    }

    public void send() {
        Rating r = chosen.get();
        if (r == null || thanked.get()) {
            return;
        }
        flow.rate(r, reason.get());
        thanked.set(true);
    }

    public void finish() {
        shell.endSession();
    }

    public void reset() {
        enter();
    }
}
