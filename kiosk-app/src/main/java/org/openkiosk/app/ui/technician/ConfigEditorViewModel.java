package org.openkiosk.app.ui.technician;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.ui.task.BackgroundTask;

/** The configuration editor: one editable field per key, saving (validated) and restarting the kiosk on it. */
public final class ConfigEditorViewModel {
    private final TechnicianScope scope;
    private final ObjectProperty<Map<String, StringProperty>> fields = new SimpleObjectProperty<>(Map.of());
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);

    ConfigEditorViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    /** The editable configuration values by key, as the fields hold them now. */
    public ReadOnlyObjectProperty<Map<String, StringProperty>> fieldsProperty() {
        return fields;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed;
    }

    void load() {
        scope.load(scope.tools()::configValues, values -> {
            Map<String, StringProperty> editable = new LinkedHashMap<>();
            values.forEach((k, v) -> editable.put(k, new SimpleStringProperty(v)));
            fields.set(editable);
        });
    }

    /** What one save came to: the message key and its detail, and whether the kiosk restarts on it. */
    private record Saved(String key, String detail, String centreNotice, boolean restart) {
        boolean failed() {
            return !key.equals("tech.config.saved") && !key.equals("tech.config.unchanged");
        }
    }

    /** Validates and saves the configuration fields; when something changed, restarts the kiosk on it. */
    public void saveAndRestart() {
        if (!scope.open() || fields.get().isEmpty()) {
            return;
        }
        Map<String, String> edits = new LinkedHashMap<>();
        fields.get().forEach((k, v) -> edits.put(k, v.get() == null ? "" : v.get()));
        failed.set(false);
        message.set(scope.messages().get("tech.config.saving"));
        BackgroundTask.wrap(() -> save(edits))
                .onlyWhile(scope.stillShown())
                .onSuccess(saved -> {
                    failed.set(saved.failed());
                    message.set(scope.messages().get(saved.key(), saved.detail()) + saved.centreNotice());
                    if (saved.restart()) {
                        BackgroundTask.wrap(scope.tools()::restart).executeWith(scope.tasks());
                    }
                })
                .executeWith(scope.tasks());
    }

    /** On the background thread. */
    private Saved save(Map<String, String> edits) {
        try {
            boolean restart = scope.tools().saveConfig(edits);
            return new Saved(restart ? "tech.config.saved" : "tech.config.unchanged", "",
                    centreNotice(edits.get("centre.url")), restart);
        } catch (ConfigException e) {
            return new Saved("tech.config.invalid", String.join("\n", e.problems()), "", false);
        } catch (Exception e) {
            return new Saved("tech.config.unwritable", e.getMessage() == null ? e.toString() : e.getMessage(), "", false);
        }
    }

    /**
     * When the saved centre.url is not the centre this kiosk is enrolled at: the line that says the kiosk sends it
     * nothing until it is enrolled there (issue 13, item 2); empty otherwise. Called on the background thread.
     */
    private String centreNotice(String centreUrl) {
        String enrolled = scope.tools().enrolledCentre();
        if (centreUrl == null || centreUrl.isBlank() || "embedded".equals(centreUrl.strip()) || enrolled == null
                || CentreUrl.same(centreUrl, enrolled)) {
            return "";
        }
        return "\n" + scope.messages().get("tech.config.centre-not-enrolled", centreUrl.strip(), enrolled);
    }

    void clear() {
        fields.set(Map.of());
        message.set("");
        failed.set(false);
    }
}
