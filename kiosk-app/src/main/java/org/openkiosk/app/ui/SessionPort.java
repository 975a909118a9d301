package org.openkiosk.app.ui;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.i18n.Messages;

/**
 * What a screen's model may ask of the shell, and no more: the language and mode on screen, moving on to whatever
 * step the trip is at, background work, a problem to explain, and ending the session.
 */
public interface SessionPort {
    Messages messages();

    Locale locale();

    boolean elderly();

    /** True while background work for the resident is under way. */
    boolean busy();

    /** Shows the step the trip is at now. */
    void show();

    /** Explains a problem on screen (null clears it). */
    void explain(Problem problem);

    /** Runs a blocking trip call in the background; a failure becomes the shown problem (see ShellViewModel.work). */
    <T> void work(Callable<T> task, Consumer<T> onSuccess, Consumer<Problem> onProblem);

    /** The trip moved within a screen (the next paper to photograph): the step bar follows. */
    default void stepsChanged() {
    }

    /** The resident is done: everything of theirs is dropped and home is shown. */
    void endSession();
}
