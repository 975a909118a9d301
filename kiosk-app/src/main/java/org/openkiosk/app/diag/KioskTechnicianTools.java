package org.openkiosk.app.diag;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openkiosk.app.config.ConfigEditor;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.app.store.TechnicianLockout;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.print.DocumentPrinter;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.print.Masking;
import org.openkiosk.print.ReceiptTemplates;
import org.openkiosk.print.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TechnicianTools} on a running kiosk: its devices ({@link KioskDevices}), its configuration file
 * through a {@link ConfigEditor}, its logs as {@link DiagBundle#logFiles} finds them. How the kiosk is restarted is
 * injected (the launcher ends the process with {@code EXIT_RESTART}; tests record the call).
 */
public final class KioskTechnicianTools implements TechnicianTools {
    private static final Logger LOG = LoggerFactory.getLogger(KioskTechnicianTools.class);
    private static final Duration CARD_WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final KioskConfig config;
    private final KioskDevices devices;
    private final KioskStore store;
    private final SyncWorker sync;
    private final KioskDiagnostics diagnostics;
    private final ConfigEditor editor;
    private final Runnable restarter;
    private final Path mediaRoot;
    private final Clock clock;

    /**
     * @param configFile the configuration file the kiosk was started from (edited by the screen)
     * @param restarter  ends this kiosk so that it comes up again on the saved configuration
     * @param mediaRoot  where removable drives are mounted ({@code /media})
     */
    public KioskTechnicianTools(KioskConfig config, KioskDevices devices, KioskStore store, SyncWorker sync,
                                KioskDiagnostics diagnostics, Path configFile, Runnable restarter, Path mediaRoot,
                                Clock clock) {
        this.config = config;
        this.devices = devices;
        this.store = store;
        this.sync = sync;
        this.diagnostics = diagnostics;
        this.editor = new ConfigEditor(configFile);
        this.restarter = restarter;
        this.mediaRoot = mediaRoot;
        this.clock = clock;
    }

    private KioskConfig config() {
        return config;
    }

    @Override
    public boolean pinConfigured() {
        return config().technician().pinHash().isPresent();
    }

    @Override
    public boolean pinMatches(char[] pin) {
        return config().technician().pinHash().map(h -> TechnicianPin.matches(pin, h)).orElse(false);
    }

    @Override
    public PinLockout pinLockout() {
        TechnicianLockout l = store.lockout().technicianLockout();
        return new PinLockout(l.wrongTries(), l.lockedUntil());
    }

    @Override
    public void savePinLockout(PinLockout lockout) {
        store.lockout().saveTechnicianLockout(new TechnicianLockout(lockout.wrongTries(), lockout.lockedUntil()));
    }

    @Override
    public Map<String, DeviceAvailability.State> deviceStates() {
        return devices.availability().states();
    }

    @Override
    public void onDeviceChange(Runnable onChange) {
        devices.availability().addListener(onChange);
    }

    @Override
    public Outcome run(SelfTest test) {
        long start = System.nanoTime();
        try {
            Outcome o = switch (test) {
                case READ_CARD -> readCard();
                case CAPTURE_OCR -> captureAndRead();
                case PRINT_RECEIPT -> printReceipt();
                case PRINT_PAGE -> printPage();
            };
            LOG.info("technician self-test {}: {} {} ({} ms)", test, o.ok() ? "ok" : "FAILED", o.detail(),
                    (System.nanoTime() - start) / 1_000_000);
            return o;
        } catch (RuntimeException e) {
            LOG.warn("technician self-test {} broke", test, e);
            return Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Outcome readCard() {
        long start = System.nanoTime();
        try {
            IdCard card = devices.reader().read(CARD_WAIT);
            return Outcome.ok(String.format(Locale.ROOT, "%s card read in %d ms, ID number %s%s", card.cardType(),
                    (System.nanoTime() - start) / 1_000_000, Masking.idNumber(card.idNumber()),
                    card.idNumberValid() ? "" : " (check character wrong)"));
        } catch (NoCardException e) {
            return Outcome.failed("no card on the reader within " + CARD_WAIT.toSeconds() + " s");
        } catch (DeviceException e) {
            return Outcome.failed(describe(e));
        }
    }

    private Outcome captureAndRead() {
        DeviceStatus s = diagnostics.captureAndRead();
        return new Outcome(s.ok(), s.detail());
    }

    private Outcome printReceipt() {
        KioskConfig.Printer p = config().printer();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kioskId", config().kiosk().id());
        data.put("printer", p.simulated() ? "sim" : p.port());
        data.put("printedAt", LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        try {
            devices.printer().print(ReceiptTemplates.fromClasspath().render("test", data));
            return Outcome.ok("test receipt printed (" + devices.printer().status().describe() + ")");
        } catch (DeviceException e) {
            return Outcome.failed(describe(e));
        } catch (TemplateException e) {
            return Outcome.failed("test receipt template: " + e.getMessage());
        }
    }

    private Outcome printPage() {
        KioskConfig.Printer p = config().printer();
        String now = LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Optional<String> queue = p.documentQueue();
        try {
            if (queue.isPresent()) {
                byte[] pdf = DocumentTemplates.fromClasspath().render("test-page",
                        Map.of("kioskId", config().kiosk().id(), "queue", queue.get(), "printedAt", now));
                DocumentPrinter.print(pdf, queue.get(), "kiosk-test-page");
                return Outcome.ok("test page sent to printer queue " + queue.get());
            }
            if (devices.simulated() == null) {
                return Outcome.failed("no A4 printer configured (printer.document-queue is empty)");
            }
            // a simulated kiosk's A4 printer is a folder of PDFs, as for result documents
            Path dir = config().kiosk().dataDir().resolve("sim").resolve("document-printer");
            byte[] pdf = DocumentTemplates.fromClasspath().render("test-page",
                    Map.of("kioskId", config().kiosk().id(), "queue", "sim", "printedAt", now));
            Files.createDirectories(dir);
            Path file = dir.resolve("test-page-" + LocalDateTime.now(clock).format(STAMP) + ".pdf");
            Files.write(file, pdf);
            return Outcome.ok("simulated A4 printer: test page written to " + file);
        } catch (DeviceException | TemplateException e) {
            return Outcome.failed(e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("cannot write the test page: " + e.getMessage());
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public DeviceInventory.Inventory devicesFound() {
        return DeviceInventory.scan(config(), diagnostics.portsInUse());
    }

    @Override
    public Queue queue() {
        QueueFigures f = sync.figures();
        return new Queue(f.pending(), f.acknowledged(),
                f.lastSuccess() == null ? "" : SHOWN.format(f.lastSuccess().atZone(ZoneId.systemDefault())),
                f.lastError() == null ? "" : DiagBundle.redactorFor(config()).text(f.lastError()),
                store.deadLetters().count());
    }

    @Override
    public Outcome resendDeadLetters() {
        int back = store.deadLetters().resendAll();
        Outcome round = syncNow();
        String detail = back + " back in the queue; " + round.detail();
        return round.ok() ? Outcome.ok(detail) : Outcome.failed(detail);
    }

    @Override
    public Outcome syncNow() {
        int acknowledged = sync.syncOnce();
        QueueFigures f = sync.figures();
        if (f.lastError() != null) {
            return Outcome.failed(DiagBundle.redactorFor(config()).text(f.lastError()));
        }
        return Outcome.ok(acknowledged + " acknowledged, " + f.pending() + " pending");
    }

    @Override
    public Path logFile() {
        return DiagBundle.logFiles(config()).stream()
                .filter(p -> p.getFileName().toString().endsWith(".log"))
                .max(Comparator.comparing(KioskTechnicianTools::modified))
                .orElse(null);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public List<String> recentLog(int lines) {
        Path file = logFile();
        if (file == null) {
            return List.of();
        }
        try {
            Redactor r = DiagBundle.redactorFor(config());
            return DiagBundle.tail(file, lines).stream().map(r::text).toList();
        } catch (IOException e) {
            return List.of("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public Map<String, String> configValues() throws IOException {
        return editor.values();
    }

    @Override
    public Path configFile() {
        return editor.file();
    }

    @Override
    public boolean saveConfig(Map<String, String> edits) throws ConfigException, IOException {
        boolean changed = editor.save(edits);
        if (changed) {
            LOG.warn("technician changed {}: {}", editor.file(), edits.keySet());
        }
        return changed;
    }

    @Override
    public String enrolledCentre() {
        return org.openkiosk.app.sync.KioskCredential.load(config().kiosk().dataDir())
                .map(org.openkiosk.app.sync.KioskCredential::centreUrl).orElse(null);
    }

    @Override
    public void restart() {
        LOG.warn("technician asked for a restart on the saved configuration");
        restarter.run();
    }

    @Override
    public Path exportBundle(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " cannot be written to");
        }
        Path file = dir.resolve("openkiosk-diag-" + config().kiosk().id() + "-" + LocalDateTime.now(clock).format(STAMP)
                + ".zip");
        DiagBundle.write(file, diagnostics.contents(editor.file(), devices.availability().describe()));
        LOG.info("technician exported a diagnostic bundle to {}", file);
        return file;
    }

    @Override
    public Path defaultBundleDir() {
        return removableDrive().orElse(config().kiosk().dataDir());
    }

    /** A writable folder under {@code mediaRoot} on another file system than {@code mediaRoot} itself: a USB stick. */
    Optional<Path> removableDrive() {
        if (!Files.isDirectory(mediaRoot)) {
            return Optional.empty();
        }
        try {
            FileStore root = Files.getFileStore(mediaRoot);
            List<Path> candidates = new ArrayList<>();
            try (Stream<Path> first = Files.list(mediaRoot)) {
                for (Path p : first.filter(Files::isDirectory).sorted().toList()) {
                    candidates.add(p);
                    try (Stream<Path> second = Files.list(p)) { // /media/USER/LABEL as desktop automounters make it
                        second.filter(Files::isDirectory).sorted().forEach(candidates::add);
                    } catch (IOException e) {
                        // unreadable: not ours
                    }
                }
            }
            for (Path c : candidates) {
                if (Files.isWritable(c) && !Files.getFileStore(c).equals(root)) {
                    return Optional.of(c);
                }
            }
        } catch (IOException e) {
            LOG.debug("no removable drive found under {}: {}", mediaRoot, e.toString());
        }
        return Optional.empty();
    }
}
