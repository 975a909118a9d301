package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.testfx.util.WaitForAsyncUtils;

/** One resident's whole trip through the real kiosk, devices simulated at the wire, centre embedded. */
class KioskTripTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(java.util.Locale.SIMPLIFIED_CHINESE);

    @Test
    void residentCompletesTripAndApplicationReachesCentreWithPrintedReceipt() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        String name = IdCardSimulator.sampleResident().name();
        String idNumber = IdCardSimulator.sampleResident().idNumber();

        click("#start");
        snap("01-catalogue");
        // found by pinyin initials typed on the on-screen keyboard: 养老保险 → ylbx
        click("#search");
        for (String key : new String[] {"#key-y", "#key-l", "#key-b", "#key-x"}) {
            click(key);
        }
        assertThat(text("#search")).isEqualTo("ylbx");
        snap("01b-search");
        assertThat(robot.lookup("#matter-resident-medical-insurance").tryQuery()).as("医疗保险 is ylbx too").isPresent();
        assertThat(robot.lookup("#matter-social-security-card").tryQuery()).isEmpty();
        click("#matter-pension-enrol");
        snap("02-materials");
        assertThat(robot.lookup("#material-household-register").tryQuery()).isPresent();
        assertThat(robot.lookup("#material-id-card").tryQuery()).isPresent();
        click("#materials-start");

        // the real GA/T 467 driver reads the simulator's card over the pty, and the form is pre-filled
        assertThat(text("#card-name")).isEqualTo(name);
        assertThat(text("#card-idNumber")).startsWith(idNumber.substring(0, 6)).endsWith(idNumber.substring(14))
                .doesNotContain(idNumber.substring(6, 14));

        snap("03-form");
        click("#form-next");
        assertThat(text("#error-phone")).isEqualTo(ZH.get("invalid.REQUIRED"));
        robot.clickOn("#field-phone").write("13800138000");
        click("#field-contributionLevel-1");
        click("#form-next");

        // a blurred page is refused on the spot, with the reason; the second try is accepted
        Path blurred = data.resolve("blurred-page.jpg");
        Files.copy(getClass().getResourceAsStream("/sim/blurred-page.jpg"), blurred);
        context.simulated().camera().showNext(blurred);
        click("#capture-shoot");
        assertThat(text("#problem")).isEqualTo(ZH.get("problem.IMAGE_BLURRED"));
        snap("04-capture-blurred");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        snap("05-review");
        assertThat(robot.lookup("#review-submit").queryButton().isDisabled()).as("submit waits for consent").isTrue();
        click("#review-consent");

        click("#review-submit");
        String applicationNo = text("#application-no");
        assertThat(applicationNo).matches("K0001-\\d{8}-0001");
        snap("06-done");

        // the embedded centre received it over HTTP, with the captured page
        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        ApplicationSubmission received = context.centre().findApplication(
                onlyApplicationId()).orElseThrow();
        assertThat(received.applicationNo()).isEqualTo(applicationNo);
        assertThat(received.applicantName()).isEqualTo(name);
        assertThat(received.serviceName()).isEqualTo("城乡居民基本养老保险参保登记");
        assertThat(received.fields()).containsEntry("phone", "13800138000").containsEntry("contributionLevel", "每年500元");
        assertThat(received.documents()).singleElement()
                .satisfies(d -> assertThat(d.materialId()).isEqualTo("household-register"));

        // the receipt went to the simulated ESC/POS printer: bytes decode to the name and number, PNG rendered
        waitFor(() -> !context.simulated().printer().receipts().isEmpty(), "the receipt to be cut");
        String receipt = EscPosDecoder.text(context.simulated().printer().received());
        assertThat(receipt).contains(name).contains(applicationNo).doesNotContain(idNumber);
        assertThat(context.simulated().printer().receipts()).anyMatch(p -> p.toString().endsWith(".png"));

        click("#done-rate");
        click("#rating-SATISFIED");
        assertThat(text("#rating-thanks")).isEqualTo(ZH.get("rating.thanks"));
        snap("07-rated");
        click("#rating-home");

        assertNothingOfResidentOnScreen(name, idNumber.substring(6, 14), applicationNo, "13800138000");
        assertThat(vm.screens().form().fieldRows()).isEmpty();
        assertThat(vm.screens().capture().lastShotProperty().get()).isNull();
        assertThat(vm.screens().capture().preview().imageProperty().get()).isNull();
    }

    private String onlyApplicationId() throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void receiptNotPrintedForPaperOutIsPrintedAgainOnceRefilled() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        context.simulated().printer().setPaper(PaperState.END);
        startHrssMatter("flexible-employment-insurance");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        robot.clickOn("#field-phone").write("13900139000");
        click("#field-hukouType-0");
        click("#form-next");
        click("#review-consent");
        click("#review-submit");

        assertThat(text("#receipt-problem")).isEqualTo(ZH.get("problem.PRINTER_PAPER_OUT"));
        assertThat(context.store().applications().figures().pending() + context.store().applications().figures().acknowledged()).isEqualTo(1);

        context.simulated().printer().setPaper(PaperState.OK);
        click("#done-reprint");
        waitFor(() -> robot.lookup("#receipt-problem").tryQuery().isEmpty(), "the receipt to print");
        waitFor(() -> !context.simulated().printer().receipts().isEmpty(), "the receipt to be cut");
        assertThat(EscPosDecoder.text(context.simulated().printer().received())).contains("灵活就业人员参保登记");
    }

    @Test
    void idleKioskWipesTheSessionAndReturnsHome() throws Exception {
        startKiosk(Duration.ofSeconds(4));
        click("#start");
        click("#department-nhsa");
        click("#matter-resident-medical-insurance");
        click("#materials-start");
        assertThat(text("#card-name")).isEqualTo(IdCardSimulator.sampleResident().name());
        robot.clickOn("#field-phone").write("13700137000");

        waitFor(() -> robot.lookup("#idle-warning").query().isVisible(), "the idle warning");
        assertThat(text("#idle-warning-text")).contains("秒后将清除");
        waitFor(() -> robot.lookup("#home-screen").tryQuery().isPresent(), "the idle wipe");
        assertNothingOfResidentOnScreen(IdCardSimulator.sampleResident().name(), "13700137000");
        assertThat(vm.screens().form().fieldRows()).isEmpty();
    }

    @Test
    void englishSwitchAndElderlyModeChangeTheWholeScreen() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        double standard = robot.lookup("#start").queryButton().getFont().getSize();
        click("#language");
        assertThat(text("#start")).isEqualTo(Messages.of(java.util.Locale.ENGLISH).get("home.start"));
        click("#elderly");
        waitFor(() -> robot.lookup("#shell").query().getStyleClass().contains("elderly"), "elderly mode");
        double elderly = robot.lookup("#start").queryButton().getFont().getSize();
        assertThat(elderly / standard).as("elderly type scale").isGreaterThanOrEqualTo(1.499);
        click("#start");
        assertThat(text("#matter-newborn-bundle")).contains("One thing, one trip");
    }

    /**
     * The tap that takes the focus from a field also closes the on-screen keyboard, and the screen above the keyboard
     * grows. Were it to grow while the finger is still down, the choice would slide away under the finger and the tap
     * be lost (the phone was typed, the choice not made, the form stayed): the keyboard waits for the finger to lift.
     */
    @Test
    void aTapOnAChoiceWhileTheKeyboardIsUpLandsWhereTheFingerWent() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        click("#elderly"); // large type: the keyboard takes the most room
        startHrssMatter("pension-enrol");
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent(), "the card to be read");
        click("#field-phone");
        for (char c : "13800138000".toCharArray()) {
            click("#key-" + c);
        }
        assertThat(robot.lookup("#keyboard").query().isVisible()).isTrue();

        javafx.scene.Node choice = robot.lookup("#field-contributionLevel-1").query();
        scrollIntoView(choice);
        robot.moveTo(choice);
        robot.press(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.sleep(300, java.util.concurrent.TimeUnit.MILLISECONDS); // a finger rests a moment
        WaitForAsyncUtils.waitForFxEvents();
        boolean keptStill = robot.lookup("#keyboard").query().isVisible();
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(((javafx.scene.control.ToggleButton) choice).isSelected()).as("the choice tapped").isTrue();
        assertThat(keptStill).as("the keyboard stayed while the finger was down").isTrue();
        assertThat(robot.lookup("#keyboard").query().isVisible()).as("the keyboard made way after the tap").isFalse();
        click("#form-next");
        waitFor(() -> robot.lookup("#capture-shoot").tryQuery().isPresent(), "the papers step");
    }

    @Test
    void bundleAsksEachSharedFieldAndMaterialOnce() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        click("#start");
        click("#matter-newborn-bundle");
        assertThat(robot.lookup("#material-birth-medical-certificate").queryAll()).hasSize(1);
        assertThat(robot.lookup("#material-id-card").queryAll()).hasSize(1);
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        assertThat(robot.lookup("#field-phone").queryAll()).hasSize(1);
        assertThat(robot.lookup("#field-babyName").queryAll()).hasSize(1);
        assertThat(robot.lookup("#field-birthCertNo").queryAll()).hasSize(1);
    }
}
