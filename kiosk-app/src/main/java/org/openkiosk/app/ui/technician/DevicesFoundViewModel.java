package org.openkiosk.app.ui.technician;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.openkiosk.app.diag.DeviceInventory;

/** The "found on this machine" panel: serial ports, PC/SC readers, cameras, printers; null while still looking. */
public final class DevicesFoundViewModel {
    private final TechnicianScope scope;
    private final ObjectProperty<DeviceInventory.Inventory> inventory = new SimpleObjectProperty<>();

    DevicesFoundViewModel(TechnicianScope scope) {
        this.scope = scope;
    }

    public ReadOnlyObjectProperty<DeviceInventory.Inventory> inventoryProperty() {
        return inventory;
    }

    void load() {
        scope.load(scope.tools()::devicesFound, inventory::set);
    }

    void clear() {
        inventory.set(null);
    }
}
