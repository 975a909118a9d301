package org.openkiosk.app.wiring;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.openkiosk.app.catalogue.LiveCatalogue;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.app.diag.KioskDevices;
import org.openkiosk.app.flow.ApplicationDesk;
import org.openkiosk.app.flow.HelpLine;
import org.openkiosk.app.flow.PaperReader;
import org.openkiosk.app.flow.ProgressBook;
import org.openkiosk.app.flow.TripServices;
import org.openkiosk.app.speech.EspeakSpeaker;
import org.openkiosk.app.speech.Speaker;
import org.openkiosk.app.ui.ShellViewModel;

/** What the resident's screens are made of: a new trip flow and a new shell on the kiosk's parts. */
public final class Screens {
    private final KioskConfig config;
    private final LiveCatalogue catalogue;
    private final KioskDevices devices;
    private final ApplicationDesk desk;
    private final ProgressBook progressBook;
    private final PaperReader papers;
    private final HelpLine help;
    private final org.openkiosk.app.flow.HeldMaterialsLookup held;

    Screens(KioskConfig config, LiveCatalogue catalogue, KioskDevices devices, ApplicationDesk desk,
            ProgressBook progressBook, PaperReader papers, HelpLine help,
            org.openkiosk.app.flow.HeldMaterialsLookup held) {
        this.held = held;
        this.config = config;
        this.catalogue = catalogue;
        this.devices = devices;
        this.desk = desk;
        this.progressBook = progressBook;
        this.papers = papers;
        this.help = help;
    }

    /** What every resident's trips use: the devices, the desk, the progress book, the catalogue. */
    public TripServices tripServices() {
        SimulatedDevices sim = config.camera().simulated() ? devices.simulated() : null;
        return new TripServices(catalogue, devices.reader(), devices.camera(), desk, progressBook, papers,
                material -> {
                    if (sim != null) {
                        sim.expectPaper(material.document());
                    }
                }, config.idcard().timeout(), Clock.systemDefaultZone(), held, ssCards());
    }

    /** The social security card reader of {@code sscard.reader}, or null when none is configured. */
    private org.openkiosk.device.sscard.SocialSecurityCardReader ssCards() {
        if (!config.sscard().enabled()) {
            return null;
        }
        return new org.openkiosk.device.sscard.SocialSecurityCardReader(new org.openkiosk.device.io.pcsc.PcscConfig(
                config.sscard().readerName(), config.idcard().timeout()));
    }

    public ShellViewModel newShell(Executor background, Executor ui) {
        return newShell(background, ui, EspeakSpeaker.find().orElse(Speaker.SILENT));
    }

    public ShellViewModel newShell(Executor background, Executor ui, Speaker speaker) {
        ShellViewModel shell = new ShellViewModel(tripServices(), background, ui, config.ui().locale(), config.ui().elderly(),
                speaker);
        shell.watchDevices(devices.availability());
        shell.offerHelp(help);
        return shell;
    }
}
