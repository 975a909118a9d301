package org.openkiosk.app.ui.technician;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The log panel: the last {@value #LINES} lines of the kiosk's log (redacted by the tools) and the file they come from. */
public final class LogTailViewModel {
    public static final int LINES = 40;

    private final TechnicianScope scope;
    private final ObjectProperty<List<String>> lines = new SimpleObjectProperty<>(List.of());
    private final StringProperty source = new SimpleStringProperty("");

    LogTailViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    public ReadOnlyObjectProperty<List<String>> linesProperty() {
        return lines;
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source;
    }

    void load() {
        scope.load(() -> scope.tools().recentLog(LINES), lines::set);
        scope.load(() -> Optional.ofNullable(scope.tools().logFile()),
                f -> source.set(f.map(Path::toString).orElseGet(() -> scope.messages().get("tech.log.none"))));
    }

    void clear() {
        lines.set(List.of());
        source.set("");
    }
}
