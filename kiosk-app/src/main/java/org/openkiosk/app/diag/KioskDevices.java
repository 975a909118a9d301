package org.openkiosk.app.diag;

import java.util.Map;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.health.DeviceSupervisor;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.printer.ReceiptPrinter;

/**
 * A running kiosk's devices, as the composition root opened them.
 *
 * @param supervisor   the background watch over them (a device that goes away is retried until it is back)
 * @param availability which of them are up, for the screens
 * @param simulated    the simulators behind them, or null when every device is real
 * @param portsInUse   the ports the drivers really opened where they differ from the configuration (for
 *                     {@code sim}, the simulators' pty links)
 */
public record KioskDevices(IdCardReader reader, DocumentCamera camera, ReceiptPrinter printer,
                           DeviceSupervisor supervisor, DeviceAvailability availability, SimulatedDevices simulated,
                           Map<String, String> portsInUse) {
    public KioskDevices {
        portsInUse = Map.copyOf(portsInUse);
    }
}
