package org.openkiosk.app.wiring;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.app.diag.KioskDevices;
import org.openkiosk.app.diag.KioskDiagnostics;
import org.openkiosk.app.diag.KioskTechnicianTools;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.speech.Speaker;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.centre.CentreServer;

/**
 * A running kiosk, as {@link KioskRoot#start} wired it: one narrow service per concern. Closing it closes every part
 * in the reverse order of opening.
 *
 * @param devices     the ID reader, camera and printer, their watch and simulators
 * @param store       the kiosk's data: the send queue, ratings, results, sync state, the technician's lockout
 * @param sync        the background exchange with the centre
 * @param diagnostics device checks, self-tests and the diagnostic bundle's contents
 * @param screens     new trip flows and shells for the resident's screens
 * @param centre      the embedded centre, or null when the kiosk talks to a remote one
 */
public record Kiosk(KioskConfig config, KioskDevices devices, KioskStore store, SyncWorker sync,
                    KioskDiagnostics diagnostics, Screens screens, CentreServer centre, AutoCloseable parts)
        implements AutoCloseable {

    /** The simulators, or null when every device is real. */
    public SimulatedDevices simulated() {
        return devices.simulated();
    }

    /** A shell for the resident's screens, speaking through the system's speech synthesiser if there is one. */
    public ShellViewModel newShell(Executor background, Executor ui) {
        return screens.newShell(background, ui);
    }

    public ShellViewModel newShell(Executor background, Executor ui, Speaker speaker) {
        return screens.newShell(background, ui, speaker);
    }

    /**
     * The technician screen's tools on this kiosk.
     *
     * @param configFile the configuration file the kiosk was started from (edited by the screen)
     * @param restarter  ends this kiosk so that it comes up again on the saved configuration
     * @param mediaRoot  where removable drives are mounted ({@code /media})
     */
    public TechnicianTools technicianTools(Path configFile, Runnable restarter, Path mediaRoot, Clock clock) {
        return new KioskTechnicianTools(config, devices, store, sync, diagnostics, configFile, restarter, mediaRoot,
                clock);
    }

    @Override
    public void close() {
        try {
            parts.close();
        } catch (Exception e) {
            throw new IllegalStateException(e); // the parts log their own failures and never throw
        }
    }
}
