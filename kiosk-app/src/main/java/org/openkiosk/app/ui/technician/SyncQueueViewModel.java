package org.openkiosk.app.ui.technician;

import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.diag.TechnicianTools.Outcome;
import org.openkiosk.app.ui.task.BackgroundTask;

/** The sync queue panel: pending, acknowledged and dead letters, syncing now, sending the dead letters again. */
public final class SyncQueueViewModel {
    private final TechnicianScope scope;
    private final ObjectProperty<TechnicianTools.Queue> queue = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");

    SyncQueueViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    /** Null until read. */
    public ReadOnlyObjectProperty<TechnicianTools.Queue> queueProperty() {
        return queue;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    void load() {
        scope.load(scope.tools()::queue, queue::set);
    }

    public void syncNow() {
        sync(scope.tools()::syncNow);
    }

    /** Puts the dead letters back in the send queue (after a fix) and syncs; the message says how it went. */
    public void resendDeadLetters() {
        sync(scope.tools()::resendDeadLetters);
    }

    private record Synced(Outcome outcome, TechnicianTools.Queue queue) {
    }

    private void sync(Callable<Outcome> how) {
        if (!scope.open()) {
            return;
        }
        message.set(scope.messages().get("tech.sync.running"));
        BackgroundTask.wrap(() -> new Synced(how.call(), scope.tools().queue()))
                .onlyWhile(scope.stillShown())
                .onSuccess(s -> {
                    message.set(scope.messages().get(s.outcome().ok() ? "tech.sync.ok" : "tech.sync.failed",
                            s.outcome().detail()));
                    queue.set(s.queue());
                })
                .executeWith(scope.tasks());
    }

    void clear() {
        queue.set(null);
        message.set("");
    }
}
