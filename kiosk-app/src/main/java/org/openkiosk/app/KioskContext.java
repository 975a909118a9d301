package org.openkiosk.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.LiveCatalogue;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.app.desk.KioskDesk;
import org.openkiosk.app.desk.StoreProgressBook;
import org.openkiosk.app.flow.TripServices;
import org.openkiosk.app.speech.EspeakSpeaker;
import org.openkiosk.app.speech.Speaker;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.CentreBinding;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.IdReaderConfig;
import org.openkiosk.device.idcard.SerialIdCardReader;
import org.openkiosk.device.printer.PrinterConfig;
import org.openkiosk.device.printer.ReceiptPrinter;
import org.openkiosk.device.printer.SerialReceiptPrinter;
import org.openkiosk.print.ReceiptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root: builds every part of a kiosk from its configuration, by constructor, and closes
 * them in reverse order. Simulated devices and the embedded centre are started here when configured.
 */
public final class KioskContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KioskContext.class);

    private final Deque<AutoCloseable> closing = new ArrayDeque<>();
    private final KioskConfig config;
    private CentreServer centre;
    private SimulatedDevices simulated;
    private IdCardReader reader;
    private ReceiptPrinter printer;
    private DocumentCamera camera;
    private KioskStore store;
    private SyncWorker sync;
    private KioskDesk desk;
    private StoreProgressBook progressBook;
    private org.openkiosk.app.flow.PaperReader papers = org.openkiosk.app.flow.PaperReader.NONE;
    private LiveCatalogue catalogue;
    private org.openkiosk.device.health.DeviceSupervisor supervisor;
    private org.openkiosk.app.diag.DeviceAvailability availability = org.openkiosk.app.diag.DeviceAvailability.ALL_UP;

    private KioskContext(KioskConfig config) {
        this.config = config;
    }

    public static KioskContext start(KioskConfig config) throws Exception {
        KioskContext c = new KioskContext(config);
        try {
            c.wire();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void wire() throws Exception {
        Path data = config.kiosk().dataDir();
        catalogue = new LiveCatalogue(Catalogue.load(config.catalogueDir()), data.resolve("catalogue-from-centre"));
        String centreUrl = config.centre().url();
        CentreBinding binding;
        if (config.centre().embedded()) {
            centre = track(CentreServer.start(data.resolve("centre"), 0));
            centreUrl = centre.baseUrl();
            // the embedded centre enrols its own kiosk, through the same exchange a technician makes
            KioskCredential own = new CentreClient(URI.create(centreUrl), Duration.ofSeconds(15))
                    .enrol(centre.issueEnrolmentCode(config.kiosk().id()).code());
            binding = new CentreBinding(CentreClient.of(own, Duration.ofSeconds(15)), null);
            LOG.info("embedded service centre at {}", centreUrl);
        } else {
            binding = bindToEnrolledCentre(data);
            centreUrl = KioskCredential.load(data).map(KioskCredential::centreUrl).orElse(centreUrl);
        }
        boolean anySim = config.idcard().simulated() || config.printer().simulated() || config.camera().simulated();
        if (anySim) {
            simulated = track(SimulatedDevices.start(data.resolve("sim"), config.idcard().baud(), config.camera().simDir()));
        }
        String idPort = config.idcard().simulated() ? simulated.idCardPort() : config.idcard().port();
        reader = track(new SerialIdCardReader(new IdReaderConfig(idPort, config.idcard().baud(), Duration.ofSeconds(2))));
        String printerPort = config.printer().simulated() ? simulated.printerPort() : config.printer().port();
        printer = track(new SerialReceiptPrinter(new PrinterConfig(printerPort, config.printer().baud(), config.printer().timeout())));
        // camera.source: sim (image files), a UVC index or /dev/videoN, or a video file replayed as the camera
        camera = config.camera().simulated() ? simulated.camera()
                : track(org.openkiosk.device.camera.GrabberCamera.fromSource(config.camera().source()));
        startSupervisor();
        store = track(KioskStore.open(data, config.store().tpm()));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sync");
            t.setDaemon(true);
            return t;
        });
        track(scheduler::shutdownNow);
        if (binding.problem() != null) {
            store.recordSyncError(binding.problem()); // sync status and the technician screen show it at once
        }
        sync = track(new SyncWorker(store, binding.client(), scheduler,
                SyncWorker.Settings.forDataDir(data, config.sync().retention(), config.sync().heartbeat()),
                new org.openkiosk.app.diag.HeartbeatContent(supervisor, data,
                        org.openkiosk.app.diag.KioskDiagnostics.kioskVersion())));
        sync.start(config.sync().interval());
        desk = new KioskDesk(store, sync, ReceiptTemplates.fromClasspath(), printer, config.kiosk().id(),
                centreUrl + "/progress", Clock.systemDefaultZone());
        if (config.camera().readsPapers()) {
            papers = track(new org.openkiosk.app.desk.OcrPaperReader(config.camera().ocr()));
        }
        progressBook = new StoreProgressBook(store, config.printer().documentQueue(),
                data.resolve("sim").resolve("document-printer"));
    }

    /**
     * The kiosk's token and data go only to the centre of its credential; a configured centre.url that differs (e.g.
     * edited on the technician screen) sends nothing and says so (issue 13, item 2).
     */
    private CentreBinding bindToEnrolledCentre(Path data) {
        java.util.Optional<KioskCredential> credential = KioskCredential.load(data);
        CentreBinding binding = CentreBinding.of(config.centre(), credential, Duration.ofSeconds(15));
        if (binding.problem() != null) {
            LOG.error("Not syncing with any centre: {}", binding.problem());
        } else if (credential.get().signingKey() == null) {
            LOG.warn("This kiosk was enrolled before the centre signed its catalogue and results: it sends "
                    + "applications but refuses catalogue updates and result documents until it is enrolled again "
                    + "(./kiosk enrol --centre {} --code CODE)", credential.get().centreUrl());
        }
        return binding;
    }

    /** Every device under watch in the background: one that goes away is retried until it is back (issue 7). */
    private void startSupervisor() {
        ScheduledExecutorService devices = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "device-supervisor");
            t.setDaemon(true);
            return t;
        });
        track(devices::shutdownNow);
        supervisor = track(new org.openkiosk.device.health.DeviceSupervisor(devices,
                org.openkiosk.device.health.DeviceSupervisor.Settings.DEFAULT, Clock.systemUTC()));
        supervisor.watch("idcard", reader::check);
        supervisor.watch("camera", camera::check);
        supervisor.watch("printer", printer::check);
        availability = org.openkiosk.app.diag.DeviceAvailability.of(supervisor);
        supervisor.start();
    }

    /** The background watch over the devices. */
    public org.openkiosk.device.health.DeviceSupervisor supervisor() {
        return supervisor;
    }

    /** Which devices are up, for the screens. */
    public org.openkiosk.app.diag.DeviceAvailability availability() {
        return availability;
    }

    private <T extends AutoCloseable> T track(T part) {
        closing.push(part);
        return part;
    }

    /** What every resident's trips use: the devices, the desk, the progress book, the catalogue. */
    public TripServices tripServices() {
        SimulatedDevices sim = config.camera().simulated() ? simulated : null;
        return new TripServices(catalogue, reader, camera, desk, progressBook, papers,
                material -> {
                    if (sim != null) {
                        sim.expectPaper(material.document());
                    }
                }, config.idcard().timeout(), Clock.systemDefaultZone());
    }

    public ShellViewModel newShell(Executor background, Executor ui) {
        return newShell(background, ui, EspeakSpeaker.find().orElse(Speaker.SILENT));
    }

    public ShellViewModel newShell(Executor background, Executor ui, Speaker speaker) {
        ShellViewModel shell = new ShellViewModel(tripServices(), background, ui, config.ui().locale(), config.ui().elderly(), speaker);
        shell.watchDevices(availability);
        return shell;
    }

    public KioskConfig config() {
        return config;
    }

    /** The embedded centre, or null when the kiosk talks to a remote one. */
    public CentreServer centre() {
        return centre;
    }

    /** The simulators, or null when every device is real. */
    public SimulatedDevices simulated() {
        return simulated;
    }

    public KioskStore store() {
        return store;
    }

    public SyncWorker sync() {
        return sync;
    }

    public IdCardReader reader() {
        return reader;
    }

    public ReceiptPrinter printer() {
        return printer;
    }

    public DocumentCamera camera() {
        return camera;
    }

    @Override
    public void close() {
        while (!closing.isEmpty()) {
            AutoCloseable part = closing.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", part, e.toString());
            }
        }
    }
}
