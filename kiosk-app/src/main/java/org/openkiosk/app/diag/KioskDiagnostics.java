package org.openkiosk.app.diag;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.openkiosk.app.KioskContext;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.QueueFigures;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.PageScanner;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.OcrEngines;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import org.openkiosk.device.ocr.TesseractEngine;

/** Gathers a running kiosk's diagnostics: its device checks, the ports it really uses, its queue, its versions. */
public final class KioskDiagnostics {
    private KioskDiagnostics() {
    }

    /** Every configured device's {@code check()}, in a fixed order; a check that throws is one failed entry. */
    public static List<DeviceStatus> checks(KioskContext context) {
        List<DeviceStatus> results = new ArrayList<>();
        results.add(guarded("idcard", () -> context.reader().check()));
        results.add(guarded("camera", () -> context.camera().check()));
        results.add(guarded("printer", () -> context.printer().check()));
        return results;
    }

    /**
     * The self-tests of {@code ./kiosk selftest}: every device's check, and between the camera and the printer
     * the {@code ocr} entry, a page captured and read ({@link #captureAndRead}).
     */
    public static List<DeviceStatus> selfTests(KioskContext context) {
        List<DeviceStatus> results = checks(context);
        results.add(2, guarded("ocr", () -> captureAndRead(context)));
        return results;
    }

    /**
     * Captures a page and reads it with Tesseract, the lighter engine, which proves the camera-to-text chain in a
     * second or two: ok when text was found, with the page's size, quality and what it looks like.
     */
    public static DeviceStatus captureAndRead(KioskContext context) {
        CapturedImage image;
        try {
            image = context.camera().capture();
        } catch (DeviceException e) {
            return DeviceStatus.failed("ocr", "camera: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        try (DocumentReader reader = new DocumentReader(
                OcrEngines.load(TesseractEngine.NAME),
                new PageScanner(), Clock.systemDefaultZone())) {
            RecognisedDocument doc = reader.read(image, true);
            String text = doc.text() == null ? "" : doc.text().strip();
            int chars = text.replaceAll("\\s", "").length();
            String what = String.format(Locale.ROOT,
                    "page %dx%d, quality %s, %d characters read, confidence %.2f%s",
                    image.width(), image.height(), doc.quality().acceptable() ? "good"
                            : doc.quality().problem().name().toLowerCase(Locale.ROOT), chars, doc.confidence(),
                    doc.type().map(t -> ", looks like " + t.wireName()).orElse(""));
            return chars > 0 ? DeviceStatus.ok("ocr", what) : DeviceStatus.failed("ocr", what + ": no text found");
        } catch (OcrException e) {
            return DeviceStatus.failed("ocr", "OCR: " + e.getMessage());
        } catch (IOException e) {
            return DeviceStatus.failed("ocr", "the camera's image cannot be read: " + e.getMessage());
        }
    }

    static DeviceStatus guarded(String device, Supplier<DeviceStatus> check) {
        try {
            DeviceStatus s = check.get();
            return s != null ? s : DeviceStatus.failed(device, "the device gave no status");
        } catch (RuntimeException e) {
            return DeviceStatus.failed(device, "check failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** The ports the kiosk's drivers really open (for {@code sim}, the simulators' pty links). */
    public static Map<String, String> portsInUse(KioskContext context) {
        Map<String, String> ports = new LinkedHashMap<>();
        if (context.simulated() != null) {
            KioskConfig c = context.config();
            if (c.idcard().simulated()) {
                ports.put("idcard", context.simulated().idCardPort());
            }
            if (c.printer().simulated()) {
                ports.put("printer", context.simulated().printerPort());
            }
        }
        return ports;
    }

    /** The queue as {@code sync status --json} shows it. */
    public static Map<String, Object> queue(QueueFigures f) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("pending", f.pending());
        q.put("acknowledged", f.acknowledged());
        q.put("lastSuccess", f.lastSuccess() == null ? null : f.lastSuccess().toString());
        q.put("lastError", f.lastError());
        return q;
    }

    /** The kiosk's version from its build ({@code unknown} when run from classes without one). */
    public static String kioskVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = KioskDiagnostics.class.getResourceAsStream("/org/openkiosk/app/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown below
        }
        return p.getProperty("version", "unknown");
    }

    /** Versions of this kiosk and what it runs on. */
    public static Map<String, String> versions(String kioskVersion) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("openkiosk", kioskVersion);
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return v;
    }

    /** Everything for a bundle from a running kiosk. */
    public static DiagBundle.Contents contents(KioskContext context, Path configFile, String version,
                                               Map<String, ?> health) {
        KioskConfig config = context.config();
        return new DiagBundle.Contents(config, configFile, versions(version),
                DeviceInventory.scan(config, portsInUse(context)), selfTests(context), queue(context.store().applications().figures()),
                health, DiagBundle.logFiles(config));
    }
}
