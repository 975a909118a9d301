package org.openkiosk.app.ui.technician;

import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.openkiosk.app.diag.DeviceAvailability;
import org.openkiosk.app.ui.task.BackgroundTask;

/** The devices panel: each watched device's state by name, read again on a change, a self-test or the screen's poll. */
public final class DeviceStatesViewModel {
    private final TechnicianScope scope;
    private final ObjectProperty<Map<String, DeviceAvailability.State>> states = new SimpleObjectProperty<>(Map.of());

    DeviceStatesViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    public ReadOnlyObjectProperty<Map<String, DeviceAvailability.State>> statesProperty() {
        return states;
    }

    /** Reads the states again (kept in memory by the device supervisor: quick, on the UI thread) while the screen is open. */
    public void reload() {
        if (scope.open()) {
            states.set(scope.tools().deviceStates());
        }
    }

    /** A device went down or came back (said on a device thread): the states are read and shown if the screen is open. */
    void changed() {
        BackgroundTask.wrap(scope.tools()::deviceStates).onlyWhile(scope::open).onSuccess(states::set)
                .executeWith(scope.tasks());
    }

    void clear() {
        states.set(Map.of());
    }
}
