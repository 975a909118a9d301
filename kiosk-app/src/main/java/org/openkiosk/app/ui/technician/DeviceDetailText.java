package org.openkiosk.app.ui.technician;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.app.diag.TechnicianTools.SelfTest;
import org.openkiosk.app.i18n.Messages;

/**
 * Plain words for a device's one-line detail. The drivers and self-tests describe a device in English
 * ({@code DeviceStatus.detail}, kept as it is for logs, {@code selftest --json} and bug reports); this maps the common
 * lines (ready, unplugged, paper out, no card, timeout, blank page ...) to a message key with the values taken from the
 * line, so the technician screen can say them in the kiosk's language. A line it does not know has no plain words: the
 * screen shows the English line itself.
 *
 * <p>The patterns follow the drivers' wording; {@code DeviceDetailTextTest} builds its lines from the drivers' own
 * classes where it can, so a change of wording there fails here rather than silently falling back.
 */
public final class DeviceDetailText {

    /** A message key and its arguments (strings taken from the English line). */
    public record Plain(String key, List<String> args) {
        public Plain {
            args = List.copyOf(args);
        }

        public String in(Messages m) {
            return m.get(key, args.toArray());
        }
    }

    private record Rule(String device, Boolean ok, Pattern pattern, Function<Matcher, Plain> plain) {
        boolean applies(String d, boolean isOk) {
            return (device == null || device.equals(d)) && (ok == null || ok == isOk);
        }
    }

    private static final String PRINTER_STATUS = "(online|offline)(, cover open)?, paper (OK|near end|end)";
    private static final String CAMERA = "(?:UVC camera|simulated camera, video) (\\S+)";
    private static final List<Rule> RULES = new ArrayList<>();

    static {
        // the device supervisor, before a device's first check
        rule(null, null, "not checked yet", "unchecked");
        // serial ports (ID card reader, receipt printer)
        rule(null, false, "serial port (\\S+) does not exist", "port-missing");
        rule(null, false, "cannot open serial port (\\S+) \\(.*\\)", "port-unusable");
        rule(null, false, "(?:read from|write to) (\\S+) failed.*", "port-gone");
        rule(null, false, "timed out on (\\S+) after .*", "timeout");

        rule("idcard", true, "SAM module ready on (\\S+)", "idcard.ready");
        rule("idcard", true, "busy reading a card on (\\S+)", "idcard.busy");
        rule("idcard", true, "\\S+ card read in (\\d+) ms, ID number (\\S+) \\(check character wrong\\)",
                "idcard.read-bad-check");
        rule("idcard", true, "\\S+ card read in (\\d+) ms, ID number (\\S+)", "idcard.read");
        rule("idcard", false, "no card on the reader within .*", "idcard.no-card");
        rule("idcard", false, "no card placed on the reader at .*", "idcard.no-card");
        rule("idcard", false, "[a-z ]+: reader status [0-9A-F]{2} \\(no card found\\)", "idcard.no-card");
        rule("idcard", false, "[a-z ]+: reader status [0-9A-F]{2} \\((?:card select failed|reading the card failed.*)\\)",
                "idcard.card-lost");
        rule("idcard", false, "[a-z ]+: no whole reply from the reader at (\\S+) within (\\d+) ms.*", "idcard.timeout");
        rule("idcard", false, "SAM module on (\\S+) reports: .*", "idcard.module-fault");

        rule("camera", true, "simulated camera, (\\d+) image\\(s\\)", "camera.sim-ready");
        rule("camera", true, CAMERA, "camera.ready");
        rule("camera", false, CAMERA + ": (?:not present|no such device or file)", "camera.missing");
        rule("camera", false, CAMERA + ": cannot open \\(.*\\)", "camera.unusable");
        rule("camera", false, CAMERA + ": no frame", "camera.no-frame");
        rule("camera", false, "simulated camera: an image file has gone", "camera.sim-image-gone");

        rule("ocr", null, "page (\\d+)x(\\d+), quality good, (\\d+) characters read, confidence ([0-9.]+)(?:, looks like \\S+)?",
                "ocr.read");
        rule("ocr", false, "page \\d+x\\d+, quality good, 0 characters read, .*: no text found", "ocr.blank");
        rule("ocr", null, "page \\d+x\\d+, quality blurred, (\\d+) characters read, .*", "ocr.blurred");
        rule("ocr", null, "page \\d+x\\d+, quality glare, (\\d+) characters read, .*", "ocr.glare");
        rule("ocr", null, "page \\d+x\\d+, quality too_small, (\\d+) characters read, .*", "ocr.too-small");
        rule("ocr", false, "camera: .*", "ocr.camera");
        rule("ocr", false, "OCR: (?:Tesseract language data|the Tesseract library).*", "ocr.missing");
        rule("ocr", false, "OCR: .*", "ocr.failed");
        rule("ocr", false, "the camera's image cannot be read: .*", "ocr.bad-image");

        // the receipt printer: its own check ("ADDRESS: online, paper OK") and the test receipt's outcome
        RULES.add(new Rule("printer", true, Pattern.compile("test receipt printed \\(" + PRINTER_STATUS + "\\)"),
                m -> switch (m.group(3)) {
                    case "near end" -> plain("printer.test-printed-paper-low");
                    // printed, but what needs doing now (paper out, the cover, offline) matters more
                    default -> m.group(2) == null && "online".equals(m.group(1)) && "OK".equals(m.group(3))
                            ? plain("printer.test-printed") : printerStatus(m);
                }));
        rule("printer", false, "printer reported a fault after the job, it may be incomplete \\(.*\\)", "printer.fault-after");
        RULES.add(new Rule("printer", null, Pattern.compile("(?:.+: |printer cannot print, nothing was sent \\()"
                + PRINTER_STATUS + "\\)?"), DeviceDetailText::printerStatus));
        rule("printer", false, "printer device (\\S+) does not exist.*", "printer.missing");
        rule("printer", false, "cannot open printer device (\\S+) .*", "printer.unusable");
        rule("printer", false, "printer device (\\S+) went away", "printer.gone");
        rule("printer", false, "(?:cannot connect to printer at|printer connection to) (\\S+?):? .*", "printer.unreachable");
        rule("printer", false, "printer at (\\S+) closed the connection", "printer.unreachable");
        rule("printer", false, "printer on (\\S+) did not answer DLE EOT \\d+ within (\\d+) ms", "printer.timeout");

        rule("document-printer", true, "test page sent to printer queue (\\S+)", "page.sent");
        rule("document-printer", true, "simulated A4 printer: test page written to (.+)", "page.sim-written");
        rule("document-printer", false, "no A4 printer configured .*", "page.none");
        rule("document-printer", false, "no printer queue named (\\S+) .*", "page.no-queue");
        rule("document-printer", false, "printer queue (\\S+) refused .*", "page.refused");
    }

    private DeviceDetailText() {
    }

    /** A rule whose message's arguments are the pattern's groups, in order; the key is under {@code tech.detail.}. */
    private static void rule(String device, Boolean ok, String regex, String key) {
        RULES.add(new Rule(device, ok, Pattern.compile(regex, Pattern.DOTALL), m -> {
            List<String> args = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
                args.add(m.group(i));
            }
            return new Plain("tech.detail." + key, args);
        }));
    }

    private static Plain plain(String key) {
        return new Plain("tech.detail." + key, List.of());
    }

    /** The printer's state by what a technician must do first: paper end, then the cover, then offline, then low paper. */
    private static Plain printerStatus(Matcher m) {
        if ("end".equals(m.group(3))) {
            return plain("printer.paper-out");
        }
        if (m.group(2) != null) {
            return plain("printer.cover-open");
        }
        if ("offline".equals(m.group(1))) {
            return plain("printer.offline");
        }
        return plain("near end".equals(m.group(3)) ? "printer.paper-low" : "printer.ready");
    }

    /**
     * The plain words for one detail line, if the line is one this knows.
     *
     * @param device {@code idcard}, {@code camera}, {@code printer}, {@code ocr} or {@code document-printer}
     * @param ok     whether the device (or self-test) is fine
     * @param detail the English line, as the driver or self-test wrote it
     */
    public static Optional<Plain> of(String device, boolean ok, String detail) {
        if (device == null || detail == null) {
            return Optional.empty();
        }
        String line = detail.strip();
        for (Rule r : RULES) {
            if (r.applies(device, ok)) {
                Matcher m = r.pattern().matcher(line);
                if (m.matches()) {
                    return Optional.of(r.plain().apply(m));
                }
            }
        }
        return Optional.empty();
    }

    /** The device a self-test exercises, as its detail line is read. */
    public static String device(SelfTest test) {
        return switch (test) {
            case READ_CARD -> "idcard";
            case CAPTURE_OCR -> "ocr";
            case PRINT_RECEIPT -> "printer";
            case PRINT_PAGE -> "document-printer";
        };
    }

    /** Whether {@code m} speaks the drivers' language (English), so their lines need no plain words. */
    public static boolean driversLanguage(Messages m) {
        return "en".equals(m.locale().getLanguage());
    }
}
