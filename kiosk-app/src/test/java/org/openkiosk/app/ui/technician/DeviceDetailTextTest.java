package org.openkiosk.app.ui.technician;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.diag.TechnicianTools.SelfTest;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.camera.GrabberCamera;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.GaT467Codec;
import org.openkiosk.device.idcard.ReaderStatusException;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.PrinterFaultException;
import org.openkiosk.device.printer.PrinterStatus;

/**
 * The plain words for the drivers' and self-tests' English detail lines. Lines are built with the drivers' own classes
 * where that is cheap (printer status, SAM status, camera checks), else copied from the code that writes them.
 */
class DeviceDetailTextTest {
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE);
    private static final Messages EN = Messages.of(Locale.ENGLISH);

    @TempDir
    Path pages;

    /** {@code detail} maps to {@code key} with {@code args}, a sentence both languages have, every argument filled in. */
    private static void assertPlain(String device, boolean ok, String detail, String key, String... args) {
        DeviceDetailText.Plain plain = DeviceDetailText.of(device, ok, detail)
                .orElseThrow(() -> new AssertionError("no plain words for " + device + " '" + detail + "'"));
        assertThat(plain).isEqualTo(new DeviceDetailText.Plain("tech.detail." + key, List.of(args)));
        for (Messages m : List.of(ZH, EN)) {
            assertThat(m.has(plain.key())).as(m.locale() + " " + plain.key()).isTrue();
            String text = plain.in(m);
            assertThat(text).doesNotContain("{", "[tech.");
            for (String arg : args) {
                assertThat(text).contains(arg);
            }
        }
    }

    private static void assertPlain(DeviceStatus s, String key, String... args) {
        assertPlain(s.device(), s.ok(), s.detail(), key, args);
    }

    private static String printerCheck(PrinterStatus s) {
        return "/dev/pts/3: " + s.describe(); // as EscPosReceiptPrinter.check writes it
    }

    @Test
    void receiptPrinterStatesFromItsCheck() {
        assertPlain("printer", true, printerCheck(PrinterStatus.READY), "printer.ready");
        assertPlain("printer", true, printerCheck(new PrinterStatus(true, false, PaperState.NEAR_END)), "printer.paper-low");
        assertPlain("printer", false, printerCheck(new PrinterStatus(false, false, PaperState.END)), "printer.paper-out");
        assertPlain("printer", false, printerCheck(new PrinterStatus(false, true, PaperState.END)), "printer.paper-out");
        assertPlain("printer", false, printerCheck(new PrinterStatus(false, true, PaperState.OK)), "printer.cover-open");
        assertPlain("printer", false, printerCheck(new PrinterStatus(false, false, PaperState.OK)), "printer.offline");
        assertPlain("printer", false, "tcp://10.0.0.5:9100: offline, paper near end", "printer.offline");
    }

    @Test
    void receiptPrinterTransportFailures() {
        assertPlain("printer", false, "printer device /dev/usb/lp0 does not exist (unplugged, or usblp not loaded?)",
                "printer.missing", "/dev/usb/lp0");
        assertPlain("printer", false, "cannot open printer device /dev/usb/lp0 (busy, or no permission: is the user in"
                + " group lp?)", "printer.unusable", "/dev/usb/lp0");
        assertPlain("printer", false, "printer device /dev/usb/lp0 went away", "printer.gone", "/dev/usb/lp0");
        assertPlain("printer", false, "cannot connect to printer at 10.0.0.5:9100: Connection refused",
                "printer.unreachable", "10.0.0.5:9100");
        assertPlain("printer", false, "printer connection to 10.0.0.5:9100 failed: Broken pipe", "printer.unreachable",
                "10.0.0.5:9100");
        assertPlain("printer", false, "printer on /dev/ttyUSB1 did not answer DLE EOT 1 within 1000 ms",
                "printer.timeout", "/dev/ttyUSB1", "1000");
    }

    @Test
    void testReceiptOutcomes() {
        assertPlain("printer", true, "test receipt printed (" + PrinterStatus.READY.describe() + ")", "printer.test-printed");
        assertPlain("printer", true, "test receipt printed (" + new PrinterStatus(true, false, PaperState.NEAR_END).describe()
                + ")", "printer.test-printed-paper-low");
        assertPlain("printer", true, "test receipt printed (" + new PrinterStatus(true, false, PaperState.END).describe()
                + ")", "printer.paper-out");
        assertPlain("printer", true, "test receipt printed (" + new PrinterStatus(true, true, PaperState.OK).describe()
                + ")", "printer.cover-open");
        PrinterStatus paperEnd = new PrinterStatus(false, false, PaperState.END);
        assertPlain("printer", false, new PrinterFaultException(paperEnd, "printer cannot print, nothing was sent")
                .getMessage(), "printer.paper-out");
        assertPlain("printer", false, new PrinterFaultException(new PrinterStatus(false, true, PaperState.OK),
                "printer cannot print, nothing was sent").getMessage(), "printer.cover-open");
        assertPlain("printer", false, new PrinterFaultException(paperEnd,
                "printer reported a fault after the job, it may be incomplete").getMessage(), "printer.fault-after");
    }

    @Test
    void serialPortsOfEitherDevice() {
        assertPlain("idcard", false, "serial port /dev/ttyUSB0 does not exist", "port-missing", "/dev/ttyUSB0");
        assertPlain("printer", false, "cannot open serial port /dev/ttyUSB1 (missing, busy, or no permission: is the user"
                + " in group dialout?)", "port-unusable", "/dev/ttyUSB1");
        assertPlain("idcard", false, "read from /dev/ttyUSB0 failed: the port went away", "port-gone", "/dev/ttyUSB0");
        assertPlain("printer", false, "write to /dev/ttyUSB1 failed (3 of 40 bytes)", "port-gone", "/dev/ttyUSB1");
        assertPlain("printer", false, "timed out on /dev/ttyUSB1 after 0 of 1 bytes", "timeout", "/dev/ttyUSB1");
    }

    @Test
    void idCardReaderStatesAndTheReadCardTest() {
        assertPlain("idcard", true, "SAM module ready on /dev/ttyUSB0", "idcard.ready", "/dev/ttyUSB0");
        assertPlain("idcard", true, "busy reading a card on /dev/ttyUSB0", "idcard.busy", "/dev/ttyUSB0");
        assertPlain("idcard", false, "status: no whole reply from the reader at /dev/ttyUSB0 within 3000 ms (0 bytes held)",
                "idcard.timeout", "/dev/ttyUSB0", "3000");
        assertPlain("idcard", false, "SAM module on /dev/ttyUSB0 reports: "
                + GaT467Codec.statusText(GaT467Codec.SW3_SELF_TEST_FAILED), "idcard.module-fault", "/dev/ttyUSB0");
        // the read-card self-test (KioskTechnicianTools.readCard)
        assertPlain("idcard", true, "RESIDENT card read in 812 ms, ID number 1101**********0034", "idcard.read", "812",
                "1101**********0034");
        assertPlain("idcard", true, "RESIDENT card read in 812 ms, ID number 1101**********0035 (check character wrong)",
                "idcard.read-bad-check", "812", "1101**********0035");
        assertPlain("idcard", false, "no card on the reader within 5 s", "idcard.no-card");
        assertPlain("idcard", false, "no card placed on the reader at /dev/ttyUSB0 within 5000 ms", "idcard.no-card");
        assertPlain("idcard", false, new ReaderStatusException("find card", GaT467Codec.SW3_FIND_FAILED).getMessage(),
                "idcard.no-card");
        assertPlain("idcard", false, new ReaderStatusException("read card", GaT467Codec.SW3_READ_FAILED).getMessage(),
                "idcard.card-lost");
    }

    @Test
    void cameraStatesFromTheRealChecks() throws Exception {
        Files.copy(getClass().getResourceAsStream("/sim/camera/household-register-page.jpg"), pages.resolve("page.jpg"));
        FileCamera sim = FileCamera.fromDirectory(pages);
        assertPlain(sim.check(), "camera.sim-ready", "1");
        Files.delete(pages.resolve("page.jpg"));
        assertPlain(sim.check(), "camera.sim-image-gone");
        try (GrabberCamera missing = GrabberCamera.fromSource("/dev/video-unplugged")) {
            assertPlain(missing.check(), "camera.missing", "/dev/video-unplugged");
        }
        assertPlain("camera", true, "UVC camera /dev/video0", "camera.ready", "/dev/video0");
        assertPlain("camera", false, "UVC camera /dev/video0: no such device or file", "camera.missing", "/dev/video0");
        assertPlain("camera", false, "UVC camera /dev/video0: cannot open (Device or resource busy)", "camera.unusable",
                "/dev/video0");
        assertPlain("camera", false, "UVC camera /dev/video0: no frame", "camera.no-frame", "/dev/video0");
    }

    @Test
    void captureAndOcrOutcomes() {
        // as KioskDiagnostics.captureAndRead writes them
        assertPlain("ocr", true, "page 2480x3508, quality good, 412 characters read, confidence 0.87, looks like"
                + " household-register", "ocr.read", "2480", "3508", "412", "0.87");
        assertPlain("ocr", true, "page 2480x3508, quality good, 412 characters read, confidence 0.87", "ocr.read", "2480",
                "3508", "412", "0.87");
        assertPlain("ocr", false, "page 2480x3508, quality good, 0 characters read, confidence 0.00: no text found",
                "ocr.blank");
        assertPlain("ocr", false, "page 2480x3508, quality blurred, 0 characters read, confidence 0.00: no text found",
                "ocr.blurred", "0");
        assertPlain("ocr", true, "page 2480x3508, quality glare, 37 characters read, confidence 0.41", "ocr.glare", "37");
        assertPlain("ocr", false, "page 320x240, quality too_small, 0 characters read, confidence 0.00: no text found",
                "ocr.too-small", "0");
        assertPlain("ocr", false, "camera: UVC camera /dev/video0: no frame", "ocr.camera");
        assertPlain("ocr", false, "OCR: Tesseract language data (chi_sim, eng) not found: install tesseract-ocr-chi-sim"
                + " and tesseract-ocr-eng", "ocr.missing");
        assertPlain("ocr", false, "OCR: Tesseract could not read the page", "ocr.failed");
        assertPlain("ocr", false, "the camera's image cannot be read: not a readable image (0 bytes)", "ocr.bad-image");
    }

    @Test
    void a4TestPageOutcomes() {
        assertPlain("document-printer", true, "test page sent to printer queue kiosk-a4", "page.sent", "kiosk-a4");
        assertPlain("document-printer", true, "simulated A4 printer: test page written to /srv/kiosk/sim/test-page.pdf",
                "page.sim-written", "/srv/kiosk/sim/test-page.pdf");
        assertPlain("document-printer", false, "no A4 printer configured (printer.document-queue is empty)", "page.none");
        assertPlain("document-printer", false, "no printer queue named kiosk-a4 (queues here: none)", "page.no-queue",
                "kiosk-a4");
        assertPlain("document-printer", false, "printer queue kiosk-a4 refused kiosk-test-page: stopped", "page.refused",
                "kiosk-a4");
    }

    @Test
    void aDeviceNotCheckedYet() {
        assertPlain("printer", true, "not checked yet", "unchecked");
    }

    @Test
    void aLineItDoesNotKnowHasNoPlainWordsSoTheEnglishLineIsShown() {
        assertThat(DeviceDetailText.of("idcard", false, "check failed: java.lang.IllegalStateException: odd")).isEmpty();
        assertThat(DeviceDetailText.of("printer", false, "the device gave no status")).isEmpty();
        assertThat(DeviceDetailText.of("sscard", true, "PC/SC readers: [ACS ACR39U]")).isEmpty();
        assertThat(DeviceDetailText.of("idcard", true, null)).isEmpty();
        // a line of one device is not read as another's
        assertThat(DeviceDetailText.of("camera", true, "SAM module ready on /dev/ttyUSB0")).isEmpty();
        // nor an ok line as a failure
        assertThat(DeviceDetailText.of("idcard", true, "no card on the reader within 5 s")).isEmpty();
    }

    @Test
    void everySelfTestReadsAsItsDevice() {
        assertThat(DeviceDetailText.device(SelfTest.READ_CARD)).isEqualTo("idcard");
        assertThat(DeviceDetailText.device(SelfTest.CAPTURE_OCR)).isEqualTo("ocr");
        assertThat(DeviceDetailText.device(SelfTest.PRINT_RECEIPT)).isEqualTo("printer");
        assertThat(DeviceDetailText.device(SelfTest.PRINT_PAGE)).isEqualTo("document-printer");
    }

    @Test
    void theChineseSentenceForPaperOutIsPlain() {
        String detail = new PrinterFaultException(new PrinterStatus(false, false, PaperState.END),
                "printer cannot print, nothing was sent").getMessage();
        assertThat(DeviceDetailText.of("printer", false, detail).orElseThrow().in(ZH)).isEqualTo("凭条打印机缺纸，请装入新纸卷。");
        assertThat(DeviceDetailText.driversLanguage(EN)).isTrue();
        assertThat(DeviceDetailText.driversLanguage(ZH)).isFalse();
    }
}
