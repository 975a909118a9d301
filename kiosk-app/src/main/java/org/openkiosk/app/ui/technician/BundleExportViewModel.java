package org.openkiosk.app.ui.technician;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.ui.task.BackgroundTask;

/** The diagnostic bundle export: the folder to write into (editable), and how the last export went. */
public final class BundleExportViewModel {
    private final TechnicianScope scope;
    private final StringProperty dir = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);

    BundleExportViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    /** The folder, as typed (bound both ways to its field). */
    public StringProperty dirProperty() {
        return dir;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }

    void load() {
        scope.load(() -> scope.tools().defaultBundleDir().toString(), dir::set);
    }

    /** Writes a diagnostic bundle into the chosen folder. */
    public void export() {
        if (!scope.open()) {
            return;
        }
        String folder = dir.get() == null ? "" : dir.get().strip();
        if (folder.isEmpty()) {
            failed.set(true);
            message.set(scope.messages().get("tech.bundle.nodir"));
            return;
        }
        failed.set(false);
        message.set(scope.messages().get("tech.bundle.writing"));
        BackgroundTask.wrap(() -> {
                    Path file = scope.tools().exportBundle(Path.of(folder));
                    return new Object[] {file.toString(), Files.size(file) / 1024 + 1};
                })
                .onlyWhile(scope.stillShown())
                .onSuccess(args -> {
                    failed.set(false);
                    message.set(scope.messages().get("tech.bundle.done", args));
                })
                .onFailure(e -> {
                    failed.set(true);
                    message.set(scope.messages().get("tech.bundle.failed",
                            e.getMessage() == null ? e.toString() : e.getMessage()));
                })
                .executeWith(scope.tasks());
    }

    void clear() {
        dir.set("");
        message.set("");
        failed.set(false);
    }
}
