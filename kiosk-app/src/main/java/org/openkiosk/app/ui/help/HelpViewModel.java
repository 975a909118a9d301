package org.openkiosk.app.ui.help;

import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Point2D;
import org.openkiosk.app.flow.HelpLine;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.ui.SessionPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help (远程帮办) for one resident's session: the "呼叫帮助" control asks for consent first; only on yes is the
 * help desk called (with the kiosk's place and the current step, never personal data) and the masked screen streamed;
 * the resident's "结束帮助", the staff's end, the idle wipe or the session's end stop it at once. Made with the
 * session's screen models and dropped with them: what staff said is gone with the session.
 */
public final class HelpViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(HelpViewModel.class);

    /** Where the help stands on this kiosk's screen. */
    public enum State {
        /** Nothing asked. */
        OFF,
        /** The consent question is on screen. */
        ASKING,
        /** Calling the help desk: the screen is streamed so that whoever takes the call sees it at once. */
        CALLING,
        /** A member of staff is helping. */
        HELPING,
        /** The help desk cannot be reached: the hotline is shown. */
        UNREACHABLE
    }

    private final SessionPort shell;
    private final Supplier<HelpLine> line;
    /** Says a text aloud in the language on screen. */
    private final java.util.function.Consumer<String> say;
    private final Executor ui;
    private final Supplier<Step> step;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.OFF);
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<Point2D> pointer = new SimpleObjectProperty<>();
    private final BooleanProperty reconnecting = new SimpleBooleanProperty(false);
    private HelpLine.Call call = HelpLine.Call.ENDED;
    private boolean closed;

    public HelpViewModel(SessionPort shell, Supplier<HelpLine> line, java.util.function.Consumer<String> say, Executor ui,
                         Supplier<Step> step) {
        this.shell = shell;
        this.line = line;
        this.say = say;
        this.ui = ui;
        this.step = step;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    /** The latest message from staff ("" for none). */
    public StringProperty messageProperty() {
        return message;
    }

    /** The latest point staff asked to highlight (fractions of the screen), or null. */
    public ReadOnlyObjectProperty<Point2D> pointerProperty() {
        return pointer;
    }

    public BooleanProperty reconnectingProperty() {
        return reconnecting;
    }

    public String hotline() {
        return line.get().hotline();
    }

    /** The "呼叫帮助" control: asks for consent (again, after the centre could not be reached). */
    public void press() {
        if (closed || state.get() == State.CALLING || state.get() == State.HELPING) {
            return;
        }
        state.set(State.ASKING);
    }

    /** The resident's answer: no sends nothing at all; yes calls the help desk. */
    public void consent(boolean yes) {
        if (closed || state.get() != State.ASKING) {
            return;
        }
        if (!yes) {
            state.set(State.OFF);
            return;
        }
        state.set(State.CALLING);
        message.set("");
        call = line.get().call(step.get().name(), new Listener());
    }

    /** The resident's "结束帮助" (or "关闭" on the hotline notice). */
    public void end() {
        stop("resident");
    }

    /** Whether frames of the screen go out now. */
    public boolean streaming() {
        State s = state.get();
        return !closed && (s == State.CALLING || s == State.HELPING);
    }

    /** A masked frame of the screen; false when it was not sent (see {@link HelpLine.Call#sendFrame}). */
    public boolean offerFrame(byte[] jpeg) {
        return streaming() && call.sendFrame(jpeg);
    }

    /** Frame bytes sent in this session's call so far. */
    public long bytesSent() {
        return call.bytesSent();
    }

    /** The resident moved to another step. */
    public void stepChanged(Step now) {
        if (streaming()) {
            call.step(now.name());
        }
    }

    /** The session is over (the resident left, or the idle wipe): the call ends at once and nothing more is sent. */
    public void close() {
        stop("session");
        closed = true;
    }

    private void stop(String reason) {
        HelpLine.Call ending = call;
        call = HelpLine.Call.ENDED;
        ending.end(reason);
        state.set(State.OFF);
        message.set("");
        pointer.set(null);
        reconnecting.set(false);
    }

    /** What the help desk does, on the UI thread; nothing once the session is over. */
    private final class Listener implements HelpLine.Listener {
        private void later(Runnable r) {
            ui.execute(() -> {
                if (!closed) {
                    r.run();
                }
            });
        }

        @Override
        public void taken() {
            later(() -> {
                if (state.get() == State.CALLING) {
                    state.set(State.HELPING);
                }
                reconnecting.set(false);
            });
        }

        @Override
        public void message(String text) {
            later(() -> {
                if (streaming()) {
                    message.set(text);
                    say.accept(text); // spoken whether or not spoken prompts are on: the resident asked for help
                }
            });
        }

        @Override
        public void pointer(double x, double y) {
            later(() -> {
                if (streaming() && x >= 0 && x <= 1 && y >= 0 && y <= 1) {
                    // staff pointing again at the same spot pulse the ring again: an equal point would not be a change
                    pointer.set(null);
                    pointer.set(new Point2D(x, y));
                }
            });
        }

        @Override
        public void ended(String by) {
            later(() -> {
                LOG.info("remote help ended by {}", by);
                call = HelpLine.Call.ENDED;
                state.set(State.OFF);
                message.set("");
                pointer.set(null);
                reconnecting.set(false);
            });
        }

        @Override
        public void unreachable(String why) {
            later(() -> {
                call = HelpLine.Call.ENDED;
                state.set(State.UNREACHABLE);
            });
        }

        @Override
        public void reconnecting() {
            later(() -> reconnecting.set(true));
        }
    }
}
