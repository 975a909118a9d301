package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.TechnicianPin;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.ui.technician.TechnicianViewModel;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.device.printer.PaperState;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Technician mode on a whole kiosk (embedded centre, real drivers against the simulators): the hidden gesture and the
 * PIN pad, the devices, self-tests (one failing on purpose), ports, configuration editing with its validation and the
 * (injected) restart, the diagnostic bundle, and leaving without a trace. English is configured so the assertions read
 * plainly; both languages carry every key (MessagesTest).
 */
class TechnicianScreenTest extends KioskUiTestBase {
    private static final String PIN = "246810";
    /** The PIN's hash, made once for the class: PBKDF2 is slow on purpose (a few hundred ms), and each test starts a kiosk. */
    private static final String PIN_HASH = TechnicianPin.hash(PIN.toCharArray());
    private static final String TOKEN = "tok_1a2b3c4d5e6f708192a3b4c5d6e7f8091";
    private static final String CONFIG = """
            # OpenKiosk configuration for the technician screen test
            kiosk.id=K0007

            # the screen
            ui.locale=en
            ui.idle-seconds=600
            centre.url=embedded
            # devices
            idcard.port=sim
            idcard.baud=115200
            idcard.timeout-seconds=5
            printer.port=sim
            camera.source=sim
            """;

    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final MovableClock wallClock = new MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private TechnicianViewModel tech;
    private Path configFile;
    private String pinHash;
    private byte[] storeKey;

    /** Starts the kiosk from a configuration file in the temp folder, with a PIN set unless {@code withPin} is false. */
    private void startTechnicianKiosk(boolean withPin, Duration idle) throws Exception {
        startTechnicianKiosk(withPin, idle, "en");
    }

    private void startTechnicianKiosk(boolean withPin, Duration idle, String language) throws Exception {
        pinHash = PIN_HASH;
        configFile = data.resolve("kiosk.properties");
        Files.writeString(configFile, CONFIG.replace("ui.locale=en", "ui.locale=" + language) + "kiosk.data=" + data.resolve("data") + "\n"
                + (withPin ? "# technician PIN, set by ./kiosk technician set-pin\ntechnician.pin-hash=" + pinHash + "\n" : ""));
        Path kioskData = Files.createDirectories(data.resolve("data"));
        new KioskCredential("K0007", "http://centre.example", TOKEN).save(kioskData);
        storeKey = new byte[32];
        new java.security.SecureRandom().nextBytes(storeKey);
        Files.write(kioskData.resolve("store.key"), storeKey);
        Path logs = Files.createDirectories(kioskData.resolve("logs"));
        Files.writeString(logs.resolve("kiosk.log"), String.join("\n",
                "INFO sync round started",
                "DEBUG request Authorization: Bearer " + TOKEN,
                "WARN a leaked key " + HexFormat.of().formatHex(storeKey),
                "WARN printer paper near end") + "\n");
        startKiosk(KioskConfig.load(configFile, Map.of()), 1920, 1080, idle, shell -> {
            tech = technicianMode(shell);
            return tech;
        });
    }

    /** Technician mode on this kiosk, as a kiosk started again would make it on the same store and configuration. */
    private TechnicianViewModel technicianMode(ShellViewModel shell) {
        return new TechnicianViewModel(shell, context.technicianTools(configFile, restarts::incrementAndGet,
                data.resolve("no-media"), Clock.systemDefaultZone()), background, Platform::runLater, clock::get, wallClock);
    }

    private void tapCorner(int times) {
        for (int i = 0; i < times; i++) {
            robot.clickOn(robot.point(30, 30).query());
            clock.addAndGet(200_000_000L); // 0.2 s between taps
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void typePin(String pin) {
        for (char c : pin.toCharArray()) {
            click("#tech-pin-" + c);
        }
        click("#tech-pin-ok");
    }

    private String textNow(String query) {
        return robot.lookup(query).tryQuery().map(n -> n instanceof Labeled l ? l.getText()
                : ((TextInputControl) n).getText()).orElse("");
    }

    private void waitForText(String query, String part) {
        waitFor(() -> textNow(query).contains(part), query + " to say '" + part + "' (it says '" + textNow(query) + "')");
    }

    private void openTechnicianMode() {
        tapCorner(5);
        waitFor(() -> robot.lookup("#tech-pin").tryQuery().isPresent(), "the PIN pad");
        typePin(PIN);
        waitFor(() -> robot.lookup("#tech-screen").tryQuery().isPresent(), "the technician screen");
    }

    private List<String> secrets() {
        return List.of(TOKEN, pinHash, pinHash.split("\\$")[3], HexFormat.of().formatHex(storeKey),
                Base64.getEncoder().encodeToString(storeKey));
    }

    @Test
    void hiddenGestureOpensThePinPadWhichRefusesAWrongPinLocksAfterFiveAndOpensWithTheRightOne() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        tapCorner(4);
        assertThat(robot.lookup("#tech-pin").tryQuery()).as("four taps are not the gesture").isEmpty();
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        tapCorner(1); // the earlier four are too old to count with this one
        assertThat(robot.lookup("#tech-pin").tryQuery()).isEmpty();
        tapCorner(4);
        waitFor(() -> robot.lookup("#tech-pin").tryQuery().isPresent(), "the PIN pad after five quick taps");
        assertThat(textNow("#tech-pin-message")).isEqualTo("Enter the technician PIN.");
        shoot("technician-pin");

        typePin("1357");
        waitForText("#tech-pin-message", "at least 6 digits");
        assertThat(textNow("#tech-pin-dots")).as("a refused PIN is wiped").isEmpty();
        click("#tech-pin-1");
        click("#tech-pin-2");
        click("#tech-pin-back");
        assertThat(textNow("#tech-pin-dots")).isEqualTo("●");
        click("#tech-pin-back");
        typePin("111111");
        waitForText("#tech-pin-message", "Wrong PIN. 4 more tries");
        assertThat(textNow("#tech-pin-dots")).isEmpty();
        assertThat(robot.lookup("#tech-screen").tryQuery()).isEmpty();
        for (int i = 3; i >= 1; i--) {
            typePin("864200");
            waitForText("#tech-pin-message", "Wrong PIN. " + i + " more tr");
        }
        typePin("864200");
        waitForText("#tech-pin-message", "locked");
        typePin(PIN);
        waitForText("#tech-pin-message", "locked. Try again in");
        assertThat(robot.lookup("#tech-screen").tryQuery()).as("even the right PIN is refused while locked").isEmpty();

        TechnicianViewModel restarted = technicianMode(vm);
        assertThat(restarted.locked()).as("the lock is read back from the kiosk's store by a kiosk started again").isTrue();

        wallClock.advance(TechnicianViewModel.LOCKOUT);
        typePin(PIN);
        waitFor(() -> robot.lookup("#tech-screen").tryQuery().isPresent(), "the technician screen after the lockout");
        waitFor(() -> textNow("#tech-device-idcard").startsWith("up")
                && textNow("#tech-device-printer").startsWith("up")
                && textNow("#tech-device-camera").startsWith("up"), "every device shown up");
    }

    @Test
    void withoutAPinHashTechnicianModeStaysClosedAndSaysHowToSetOne() throws Exception {
        startTechnicianKiosk(false, Duration.ofMinutes(10));
        click("#start"); // a resident is choosing a service when the corner is tapped by chance
        waitFor(() -> vm.step() == org.openkiosk.app.flow.Step.CATALOGUE, "the catalogue");
        tapCorner(5);
        waitFor(() -> robot.lookup("#tech-pin").tryQuery().isPresent(), "the PIN pad");
        assertThat(textNow("#tech-pin-message")).contains("no technician PIN is set").contains("kiosk technician set-pin");
        assertThat(robot.lookup("#tech-pin-keys").query().isVisible()).as("no digits to type").isFalse();
        tech.digit(1); // nothing types into a pad that cannot open
        tech.submitPin();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tech-screen").tryQuery()).isEmpty();
        click("#tech-pin-cancel");
        waitFor(() -> robot.lookup("#tech-pin").tryQuery().isEmpty(), "the pad to close");
        assertThat(vm.step()).as("a cancelled PIN pad leaves the resident where they were")
                .isEqualTo(org.openkiosk.app.flow.Step.CATALOGUE);
        assertThat(robot.lookup("#home-screen").tryQuery()).isEmpty();
    }

    @Test
    void selfTestsRunAgainstTheSimulatorsAndShowTheirResultsIncludingFailures() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        openTechnicianMode();

        click("#tech-test-read-card");
        click("#tech-test-print-receipt");
        click("#tech-test-print-page");
        click("#tech-test-capture-ocr");
        waitForText("#tech-result-read-card", "OK: ");
        assertThat(textNow("#tech-result-read-card")).contains("card read").contains("****");
        waitForText("#tech-result-print-receipt", "OK: test receipt printed");
        waitFor(() -> !context.simulated().printer().receipts().isEmpty(), "the simulated printer to keep the receipt");
        waitForText("#tech-result-print-page", "OK: simulated A4 printer: test page written to");
        try (var pdfs = Files.list(data.resolve("data/sim/document-printer"))) {
            assertThat(pdfs.filter(p -> p.toString().endsWith(".pdf")).toList()).hasSize(1);
        }
        waitFor(() -> textNow("#tech-result-capture-ocr").startsWith("OK: ") || textNow("#tech-result-capture-ocr")
                .startsWith("Failed"), "the capture and OCR result");
        assertThat(textNow("#tech-result-capture-ocr")).startsWith("OK: page").contains("characters read");

        // ports and readers: the simulators' pty links as the roles they fill
        String ports = String.join("\n", texts(robot.lookup("#tech-ports").query()));
        assertThat(ports).contains(context.simulated().idCardPort()).contains(context.simulated().printerPort())
                .contains("[ID card reader]").contains("[Receipt printer]").contains("PC/SC card readers");

        // failures: the paper runs out; the card is taken off the reader
        context.simulated().printer().setPaper(PaperState.END);
        context.simulated().idCard().removeCard();
        click("#tech-test-print-receipt");
        click("#tech-test-read-card");
        waitForText("#tech-result-print-receipt", "Failed: ");
        assertThat(textNow("#tech-result-print-receipt")).containsIgnoringCase("paper");
        waitForText("#tech-result-read-card", "Failed: no card on the reader");
        assertThat(robot.lookup("#tech-result-print-receipt").query().getStyleClass()).contains("tech-bad");
        assertThat(robot.lookup("#tech-result-print-receipt-detail").query().isVisible())
                .as("in English the driver's line is the result itself, not repeated under it").isFalse();

        snapTechnician();
        for (String text : allTextOnScreen()) {
            for (String secret : secrets()) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    private void snapTechnician() throws Exception {
        robot.interact(() -> robot.lookup("#tech-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(0));
        shoot("technician");
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = Path.of("target", "screenshots", name + ".png");
        robot.interact(() -> {
            try {
                ui.writeSnapshot(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.size(file)).isGreaterThan(10_000);
    }

    private void pressKey(char c) {
        javafx.scene.control.Button key = robot.lookup(".key").queryAllAs(javafx.scene.control.Button.class).stream()
                .filter(b -> b.getText().equals(String.valueOf(c)) && b.isVisible()).findFirst()
                .orElseThrow(() -> new AssertionError("no key '" + c + "' on the on-screen keyboard"));
        robot.clickOn(key);
    }

    private static List<String> texts(Node root) {
        List<String> out = new ArrayList<>();
        if (root instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (root instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> out.addAll(texts(c)));
        }
        return out;
    }

    @Test
    void queueAndLogAreShownWithoutSecretsAndSyncRunsOnRequest() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        openTechnicianMode();
        waitForText("#tech-queue-figures", "Pending 0, acknowledged 0");
        waitForText("#tech-log", "printer paper near end");
        String log = textNow("#tech-log");
        assertThat(log).contains("Bearer <redacted>").contains("a leaked key <redacted>");
        assertThat(textNow("#tech-log-source")).endsWith("kiosk.log");
        click("#tech-sync-now");
        waitForText("#tech-sync-message", "Sync done");
        for (String text : allTextOnScreen()) {
            for (String secret : secrets()) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void applicationsTheCentreRefusedAreCountedInTheSyncPanelAndReSentFromIt() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        // names kiosk K0001 while this kiosk is enrolled as K0007: the centre refuses it for good (403)
        context.store().applications().saveSubmitted(org.openkiosk.app.store.SampleApplications.application("K0001-20261123-0001"));
        openTechnicianMode();
        click("#tech-sync-now");
        waitForText("#tech-dead-letters", "Refused by the centre: 1");
        assertThat(robot.lookup("#tech-dead-letter-resend").query().isVisible()).isTrue();

        click("#tech-dead-letter-resend");

        waitForText("#tech-sync-message", "1 back in the queue");
        assertThat(context.store().deadLetters().list()).singleElement()
                .satisfies(d -> assertThat(d.refusals()).isEqualTo(2)); // refused again: the cause is not fixed
    }

    @Test
    void anInvalidEditIsRefusedWithTheMessageAndAValidOneIsSavedThenRestarts() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        openTechnicianMode();
        waitForText("#tech-config-kiosk-id", "K0007");
        assertThat(robot.lookup("#tech-config-technician-pin-hash").tryQuery()).as("the PIN hash is never shown").isEmpty();
        byte[] before = Files.readAllBytes(configFile);

        robot.interact(() -> {
            robot.lookup("#tech-config-idcard-baud").queryAs(TextInputControl.class).setText("12345");
            robot.lookup("#tech-config-centre-url").queryAs(TextInputControl.class).setText("ftp://centre");
        });
        click("#tech-config-save");
        waitForText("#tech-config-message", "Not saved");
        assertThat(textNow("#tech-config-message")).contains("idcard.baud").contains("centre.url");
        assertThat(Files.readAllBytes(configFile)).as("an invalid edit leaves the file untouched").isEqualTo(before);
        assertThat(restarts).hasValue(0);

        // the port typed on the on-screen keyboard, as at a kiosk without a keyboard
        click("#tech-config-idcard-port");
        waitFor(() -> robot.lookup("#keyboard").tryQuery().map(Node::isVisible).orElse(false), "the on-screen keyboard");
        for (int i = 0; i < 3; i++) {
            click("#key-backspace");
        }
        for (char c : "/dev/openkiosk/idcard".toCharArray()) {
            pressKey(c);
        }
        assertThat(textNow("#tech-config-idcard-port")).isEqualTo("/dev/openkiosk/idcard");
        robot.interact(() -> {
            robot.lookup("#tech-config-idcard-baud").queryAs(TextInputControl.class).setText("9600");
            robot.lookup("#tech-config-centre-url").queryAs(TextInputControl.class).setText("https://centre.example.gov.cn");
            robot.lookup("#tech-config-kiosk-id").queryAs(TextInputControl.class).setText("K0042");
            robot.lookup("#tech-config-ui-elderly").queryAs(TextInputControl.class).setText("true");
        });
        click("#tech-config-save");
        waitForText("#tech-config-message", "Saved. The kiosk restarts now.");
        // the kiosk is enrolled at http://centre.example: the new centre gets nothing until it is enrolled there
        assertThat(textNow("#tech-config-message")).contains("enrolled at http://centre.example")
                .contains("new enrolment").contains("./kiosk enrol --centre https://centre.example.gov.cn");
        waitFor(() -> restarts.get() == 1, "the injected restart");
        String saved = Files.readString(configFile, StandardCharsets.UTF_8);
        assertThat(saved).contains("kiosk.id=K0042\n", "idcard.baud=9600\n", "idcard.port=/dev/openkiosk/idcard\n", "centre.url=https://centre.example.gov.cn\n",
                        "ui.elderly=true\n", "# OpenKiosk configuration for the technician screen test\n", "# devices\n",
                        "technician.pin-hash=" + pinHash + "\n")
                .doesNotContain("K0007");
        KioskConfig reread = KioskConfig.load(configFile, Map.of());
        assertThat(reread.kiosk().id()).isEqualTo("K0042");
        assertThat(reread.idcard().baud()).isEqualTo(9600);
    }

    @Test
    void theBundleIsExportedToTheChosenFolderWithoutSecretsAndLeavingForgetsTheSession() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10));
        openTechnicianMode();
        waitFor(() -> textNow("#tech-bundle-dir").equals(data.resolve("data").toString()), "the data folder offered");
        Path usb = Files.createDirectories(data.resolve("usb-stick"));
        robot.interact(() -> robot.lookup("#tech-bundle-dir").queryAs(TextInputControl.class).setText(usb.toString()));
        click("#tech-bundle-export");
        waitForText("#tech-bundle-message", "Written: ");
        List<Path> zips;
        try (var files = Files.list(usb)) {
            zips = files.filter(p -> p.getFileName().toString().matches("openkiosk-diag-K0007-\\d{8}-\\d{6}\\.zip")).toList();
        }
        assertThat(zips).hasSize(1);
        assertThat(textNow("#tech-bundle-message")).contains(zips.get(0).toString());
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zips.get(0)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (String secret : secrets()) {
                    assertThat(text).as("%s holds no secret", e.getName()).doesNotContain(secret);
                }
            }
        }
        assertThat(names).contains("versions.json", "config.properties", "devices.json", "selftest.json", "queue.json",
                "logs/kiosk.log");

        robot.interact(() -> robot.lookup("#tech-bundle-dir").queryAs(TextInputControl.class)
                .setText(data.resolve("no-such-folder").toString()));
        click("#tech-bundle-export");
        waitForText("#tech-bundle-message", "Not written: ");
        assertThat(robot.lookup("#tech-bundle-message").query().getStyleClass()).contains("tech-bad");
        click("#tech-test-print-receipt");
        waitForText("#tech-result-print-receipt", "OK: ");

        click("#tech-leave");
        waitFor(() -> robot.lookup("#home-screen").tryQuery().isPresent(), "home after leaving");
        assertThat(robot.lookup("#tech-screen").tryQuery()).isEmpty();
        assertThat(tech.mode()).isEqualTo(TechnicianViewModel.Mode.CLOSED);
        assertThat(tech.selfTests().resultsProperty().get()).isEmpty();
        assertThat(tech.config().fieldsProperty().get()).isEmpty();
        assertThat(tech.bundle().messageProperty().get()).isEmpty();
        assertThat(String.join("\n", allTextOnScreen())).doesNotContain("Written", "usb-stick", "K0007");

        // the next opening starts empty: an empty PIN pad, no results of the last session
        tapCorner(5);
        waitFor(() -> robot.lookup("#tech-pin").tryQuery().isPresent(), "the PIN pad again");
        assertThat(textNow("#tech-pin-dots")).isEmpty();
        typePin(PIN);
        waitFor(() -> robot.lookup("#tech-screen").tryQuery().isPresent(), "the technician screen again");
        assertThat(textNow("#tech-result-print-receipt")).isEmpty();
        assertThat(textNow("#tech-bundle-message")).isEmpty();
    }

    @Test
    void theScreenSpeaksChineseOnAChineseKiosk() throws Exception {
        startTechnicianKiosk(true, Duration.ofMinutes(10), "zh-CN");
        openTechnicianMode();
        click("#tech-test-print-receipt");
        waitForText("#tech-result-print-receipt", "正常：测试凭条已打印。");
        waitForText("#tech-queue-figures", "待发送 0");
        waitFor(() -> textNow("#tech-device-idcard").startsWith("正常：身份证阅读器就绪"), "the ID card reader's state in Chinese");
        assertThat(textNow("#tech-device-idcard-detail")).startsWith("up: SAM module ready on ");

        // paper out, in plain Chinese, with the driver's English line kept under it for bug reports
        context.simulated().printer().setPaper(PaperState.END);
        click("#tech-test-print-receipt");
        waitForText("#tech-result-print-receipt", "失败：");
        assertThat(textNow("#tech-result-print-receipt")).isEqualTo("失败：凭条打印机缺纸，请装入新纸卷。");
        Node raw = robot.lookup("#tech-result-print-receipt-detail").query();
        assertThat(raw.isVisible()).isTrue();
        assertThat(textNow("#tech-result-print-receipt-detail")).contains("printer cannot print").contains("paper end");
        robot.interact(() -> robot.lookup("#tech-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(0));
        shoot("technician-zh-devices");
        assertThat(allTextOnScreen()).contains("技术员模式", "设备状态", "自检", "同步队列", "配置", "诊断包", "最近的日志");
        robot.interact(() -> robot.lookup("#tech-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        shoot("technician-zh");
    }

    @Test
    void anUnattendedTechnicianScreenClosesOnTheIdleTimeout() throws Exception {
        startTechnicianKiosk(true, Duration.ofSeconds(3));
        openTechnicianMode();
        waitFor(() -> robot.lookup("#tech-screen").tryQuery().isEmpty()
                && robot.lookup("#home-screen").tryQuery().isPresent(), "the idle guard to close technician mode");
        assertThat(tech.mode()).isEqualTo(TechnicianViewModel.Mode.CLOSED);
    }
}
