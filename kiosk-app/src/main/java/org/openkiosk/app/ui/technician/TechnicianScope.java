package org.openkiosk.app.ui.technician;

import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.task.BackgroundTask;
import org.openkiosk.app.ui.task.TaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What technician mode's panels share, and all they see of it: the tools, the task executor, the kiosk's words, and
 * whether the mode they were opened in still holds. Each time technician mode closes, answers to work begun before are
 * dropped ({@link #stillShown()}).
 */
final class TechnicianScope {
    private static final Logger LOG = LoggerFactory.getLogger(TechnicianScope.class);
    private final TechnicianTools tools;
    private final TaskExecutor tasks;
    private final Supplier<Messages> messages;
    private final ObjectProperty<TechnicianViewModel.Mode> mode = new SimpleObjectProperty<>(TechnicianViewModel.Mode.CLOSED);
    /** Bumped when technician mode closes: results of work begun earlier are dropped. */
    private int session;

    TechnicianScope(TechnicianTools tools, TaskExecutor tasks, Supplier<Messages> messages) {
        this.tools = tools;
        this.tasks = tasks;
        this.messages = messages;
    }

    TechnicianTools tools() {
        return tools;
    }

    TaskExecutor tasks() {
        return tasks;
    }

    Messages messages() {
        return messages.get();
    }

    ObjectProperty<TechnicianViewModel.Mode> mode() {
        return mode;
    }

    boolean open() {
        return mode.get() == TechnicianViewModel.Mode.OPEN;
    }

    /** Taken now: true for as long as technician mode stays in the mode it is in now, without closing in between. */
    BooleanSupplier stillShown() {
        int mySession = session;
        TechnicianViewModel.Mode myMode = mode.get();
        return () -> session == mySession && mode.get() == myMode;
    }

    /** Reads {@code read} in the background and shows it with {@code show} unless technician mode closed meanwhile. */
    <T> void load(Callable<T> read, Consumer<T> show) {
        BackgroundTask.wrap(read)
                .onlyWhile(stillShown())
                .onSuccess(show)
                .onFailure(e -> LOG.warn("technician screen could not read: {}", e.toString()))
                .executeWith(tasks);
    }

    /** Technician mode closes: everything begun in it is dropped when it comes back. */
    void close() {
        session++;
        mode.set(TechnicianViewModel.Mode.CLOSED);
    }
}
