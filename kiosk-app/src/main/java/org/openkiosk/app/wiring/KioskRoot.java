package org.openkiosk.app.wiring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.openkiosk.app.KioskVersion;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.LiveCatalogue;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.app.desk.A4Desk;
import org.openkiosk.app.desk.KioskDesk;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.app.desk.OcrPaperReader;
import org.openkiosk.app.desk.StoreProgressBook;
import org.openkiosk.app.diag.DeviceAvailability;
import org.openkiosk.app.diag.HeartbeatContent;
import org.openkiosk.app.diag.KioskDevices;
import org.openkiosk.app.diag.KioskDiagnostics;
import org.openkiosk.app.flow.HelpLine;
import org.openkiosk.app.flow.PaperReader;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.CentreBinding;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.CentreHelpLine;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.camera.GrabberCamera;
import org.openkiosk.device.health.DeviceSupervisor;
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
 * The one composition root: builds the parts of a kiosk from its configuration, by constructor, and hands them out
 * as narrow services. Simulated devices and the embedded centre are started here when configured.
 * <ul>
 *   <li>{@link #start}: the whole running kiosk ({@link Kiosk}), for the UI, {@code selftest} and {@code diag};</li>
 *   <li>{@link #data}: the kiosk's data and one-shot exchanges with the centre ({@link KioskData}), without
 *       devices or background threads, for the {@code queue} and {@code sync} commands.</li>
 * </ul>
 * Nothing else in the kiosk opens the store, builds a sync worker or a driver.
 */
public final class KioskRoot {
    private static final Logger LOG = LoggerFactory.getLogger(KioskRoot.class);

    private KioskRoot() {
    }

    /** Starts the whole kiosk of {@code config}; whatever was opened is closed again when a part fails to start. */
    public static Kiosk start(KioskConfig config) throws Exception {
        Parts parts = new Parts();
        try {
            return wire(config, parts);
        } catch (Exception | Error e) {
            parts.close();
            throw e;
        }
    }

    /** The data of the kiosk in {@code dataDir}, opened on its own: close it after use. */
    public static KioskData data(KioskConfig config, Path dataDir) {
        return new KioskData(KioskStore.open(dataDir, config.store().tpm()), dataDir, config.sync().retention());
    }

    /**
     * The worker that exchanges the kiosk's data with the centre, the one way both the running kiosk and the
     * {@code sync --once} command build it.
     */
    static SyncWorker syncWorker(KioskStore store, CentreClient client, ScheduledExecutorService scheduler, Path data,
                                 Duration retention, Duration heartbeat,
                                 java.util.function.Supplier<Map<String, String>> heartbeatContent) {
        return new SyncWorker(store, client, scheduler, SyncWorker.Settings.forDataDir(data, retention, heartbeat),
                heartbeatContent);
    }

    private static Kiosk wire(KioskConfig config, Parts parts) throws Exception {
        Path data = config.kiosk().dataDir();
        LiveCatalogue catalogue = new LiveCatalogue(Catalogue.load(config.catalogueDir()),
                data.resolve("catalogue-from-centre"));
        String centreUrl = config.centre().url();
        CentreServer centre = null;
        CentreBinding binding;
        if (config.centre().embedded()) {
            centre = parts.track(CentreServer.start(data.resolve("centre"), 0));
            centreUrl = centre.baseUrl();
            // the embedded centre enrols its own kiosk, through the same exchange a technician makes
            KioskCredential own = new CentreClient(URI.create(centreUrl), CentreClient.TIMEOUT)
                    .enrol(centre.issueEnrolmentCode(config.kiosk().id()).code());
            binding = new CentreBinding(CentreClient.of(own, CentreClient.TIMEOUT), null);
            LOG.info("embedded service centre at {}", centreUrl);
        } else {
            binding = bindToEnrolledCentre(config, data);
            centreUrl = KioskCredential.load(data).map(KioskCredential::centreUrl).orElse(centreUrl);
        }
        KioskDevices devices = devices(config, data, parts);
        KioskStore store = parts.track(KioskStore.open(data, config.store().tpm()));
        ScheduledExecutorService scheduler = daemonScheduler("sync");
        parts.track(scheduler::shutdownNow);
        if (binding.problem() != null) {
            store.syncState().recordSyncError(binding.problem()); // sync status and the technician screen show it at once
        }
        SyncWorker sync = parts.track(syncWorker(store, binding.client(), scheduler, data, config.sync().retention(),
                config.sync().heartbeat(), new HeartbeatContent(devices.supervisor(), data, KioskVersion.current())));
        sync.start(config.sync().interval());
        KioskDesk desk = new KioskDesk(store, sync, ReceiptTemplates.fromClasspath(), devices.printer(),
                config.kiosk().id(), centreUrl + "/progress", Clock.systemDefaultZone(),
                new A4Desk(DocumentTemplates.fromClasspath(), config.printer().documentQueue(),
                        data.resolve("sim").resolve("document-printer")));
        PaperReader papers = config.camera().readsPapers()
                ? parts.track(new OcrPaperReader(config.camera().ocr())) : PaperReader.NONE;
        StoreProgressBook progressBook = new StoreProgressBook(store, config.printer().documentQueue(),
                data.resolve("sim").resolve("document-printer"));
        KioskDiagnostics diagnostics = new KioskDiagnostics(config, devices, store.applications()::figures);
        // remote help over the same centre, credential and trust as the sync worker's; an unbound client (a centre.url
        // edited away from the enrolment) reaches nothing, and the help control then shows the hotline
        HelpLine help = new CentreHelpLine(binding.client(), config.help().hotline(),
                config.help().place().isEmpty() ? config.kiosk().id() : config.help().place());
        CentreBinding bound = binding;
        Screens screens = new Screens(config, catalogue, devices, desk, progressBook, papers, help,
                new org.openkiosk.app.desk.CentreHeldMaterials(bound::client, scheduler));
        return new Kiosk(config, devices, store, sync, diagnostics, screens, centre, parts);
    }

    /** The ID reader, printer and camera of {@code config} (simulated where it says {@code sim}), under watch. */
    private static KioskDevices devices(KioskConfig config, Path data, Parts parts) throws Exception {
        boolean anySim = config.idcard().simulated() || config.printer().simulated() || config.camera().simulated();
        SimulatedDevices simulated = anySim
                ? parts.track(SimulatedDevices.start(data.resolve("sim"), config.idcard().baud(), config.camera().simDir()))
                : null;
        Map<String, String> portsInUse = new LinkedHashMap<>();
        String idPort = config.idcard().port();
        if (config.idcard().simulated()) {
            idPort = simulated.idCardPort();
            portsInUse.put("idcard", idPort);
        }
        IdCardReader reader = parts.track(new SerialIdCardReader(
                new IdReaderConfig(idPort, config.idcard().baud(), Duration.ofSeconds(2))));
        String printerPort = config.printer().port();
        if (config.printer().simulated()) {
            printerPort = simulated.printerPort();
            portsInUse.put("printer", printerPort);
        }
        ReceiptPrinter printer = parts.track(new SerialReceiptPrinter(
                new PrinterConfig(printerPort, config.printer().baud(), config.printer().timeout())));
        // camera.source: sim (image files), a UVC index or /dev/videoN, or a video file replayed as the camera
        DocumentCamera camera = config.camera().simulated() ? simulated.camera()
                : parts.track(GrabberCamera.fromSource(config.camera().source()));
        // every device under watch in the background: one that goes away is retried until it is back (issue 7)
        ScheduledExecutorService watch = daemonScheduler("device-supervisor");
        parts.track(watch::shutdownNow);
        DeviceSupervisor supervisor = parts.track(new DeviceSupervisor(watch, DeviceSupervisor.Settings.DEFAULT,
                Clock.systemUTC()));
        supervisor.watch("idcard", reader::check);
        supervisor.watch("camera", camera::check);
        supervisor.watch("printer", printer::check);
        DeviceAvailability availability = DeviceAvailability.of(supervisor);
        supervisor.start();
        return new KioskDevices(reader, camera, printer, supervisor, availability, simulated, portsInUse);
    }

    /**
     * The kiosk's token and data go only to the centre of its credential; a configured centre.url that differs (e.g.
     * edited on the technician screen) sends nothing and says so (issue 13, item 2).
     */
    private static CentreBinding bindToEnrolledCentre(KioskConfig config, Path data) {
        Optional<KioskCredential> credential = KioskCredential.load(data);
        CentreBinding binding = CentreBinding.of(config.centre(), credential, CentreClient.TIMEOUT);
        if (binding.problem() != null) {
            LOG.error("Not syncing with any centre: {}", binding.problem());
        } else if (credential.get().signingKey() == null) {
            LOG.warn("This kiosk was enrolled before the centre signed its catalogue and results: it sends "
                    + "applications but refuses catalogue updates and result documents until it is enrolled again "
                    + "(./kiosk enrol --centre {} --code CODE)", credential.get().centreUrl());
        }
        return binding;
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** What was opened, closed in reverse order; a part that fails to close is logged and the rest still closed. */
    private static final class Parts implements AutoCloseable {
        private final Deque<AutoCloseable> opened = new ArrayDeque<>();

        <T extends AutoCloseable> T track(T part) {
            opened.push(part);
            return part;
        }

        @Override
        public void close() {
            while (!opened.isEmpty()) {
                AutoCloseable part = opened.pop();
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", part, e.toString());
                }
            }
        }
    }
}
