package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.testfx.util.WaitForAsyncUtils;

/**
 * OCR pre-fill in the real kiosk (一表通办): the simulated camera shows a bench-like photograph of the paper asked
 * for, the default OCR engine reads it in the background, and the review shows what was read for the resident to
 * check. Pictures in target/screenshots/.
 */
class KioskPaperReadingTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(java.util.Locale.SIMPLIFIED_CHINESE);
    private static final Path OUT = Path.of("target", "screenshots");

    /** Reading loads the OCR engine on the first paper: allow for it on a busy machine. */
    private void waitLong(java.util.function.BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean showing(String query) {
        return robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false);
    }

    private void screenshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                ui.writeSnapshot(OUT.resolve(name + ".png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void toForm(String department, String matter) {
        click("#start");
        click("#department-" + department);
        click("#matter-" + matter);
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        robot.clickOn("#field-phone").write("13800138000");
    }

    @Test
    void theHouseholdRegisterFillsTheChildsDetailsWhichTheReviewShowsAsReadFromIt() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toForm("edu", "school-enrolment");
        assertThat(text("#later-childName")).isEqualTo(ZH.get("form.laterFrom", "户口簿户主页和本人页"));
        scrollIntoView(robot.lookup("#later-childIdNumber").query());
        screenshot("ocr-1-form-later");
        click("#form-next");

        click("#capture-shoot"); // the camera sees the child's household register page
        String filled = ZH.get("capture.filled", "户口簿户主页和本人页", 2);
        waitLong(() -> filled.equals(vm.screens().capture().acceptedProperty().get()), "the household register to be read");
        assertThat(text("#capture-accepted")).isEqualTo(filled);
        screenshot("ocr-1b-capture-read-beside-the-live-picture");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");

        assertThat(text("#review-field-childName")).isEqualTo("张小武");
        assertThat(text("#review-field-childIdNumber")).isEqualTo("420381201903150039");
        assertThat(text("#review-from-childName")).isEqualTo(ZH.get("review.fromDocument", "户口簿户主页和本人页"));
        screenshot("ocr-2-review-read-from-paper");
        // the resident corrects one character (on the kiosk: the pinyin keyboard)
        robot.interact(() -> robot.lookup("#review-field-childName").queryAs(javafx.scene.control.TextField.class)
                .setText("张晓武"));
        click("#review-consent");
        click("#review-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");

        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        String applicationId = onlyApplicationId();
        ApplicationSubmission received = context.centre().findApplication(applicationId).orElseThrow();
        assertThat(received.fields()).containsEntry("childName", "张晓武")
                .containsEntry("childIdNumber", "420381201903150039");

        // a poor rating asks for the reason, then travels to the centre (好差评)
        click("#done-rate");
        click("#rating-DISSATISFIED");
        click("#rating-send");
        assertThat(text("#rating-reason-needed")).isEqualTo(ZH.get("rating.reasonNeeded"));
        assertThat(vm.screens().rating().thankedProperty().get()).isFalse();
        robot.interact(() -> robot.lookup("#rating-reason").queryAs(javafx.scene.control.TextField.class)
                .setText("排队叫号听不清"));
        click("#rating-send");
        assertThat(text("#rating-thanks")).isEqualTo(ZH.get("rating.thanks"));
        waitFor(() -> !context.centre().ratingsOf(applicationId).isEmpty(), "the rating to reach the centre");
        assertThat(context.centre().ratingsOf(applicationId)).singleElement().satisfies(r -> {
            assertThat(r.level()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo("排队叫号听不清");
            assertThat(r.serviceId()).isEqualTo("school-enrolment");
        });
        click("#rating-home");
        assertNothingOfResidentOnScreen("张晓武", "420381201903150039", "排队叫号听不清");
        assertThat(vm.screens().review().editRows()).isEmpty();
    }

    @Test
    void anIdCardCopyOfAnotherPersonIsToldOnTheSpotAndTheResidentLaysTheirOwn() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toForm("samr", "individual-business-registration");
        robot.interact(() -> {
            robot.lookup("#field-businessScope").queryAs(javafx.scene.control.TextField.class).setText("日用百货零售");
            robot.lookup("#field-premisesAddress").queryAs(javafx.scene.control.TextField.class)
                    .setText("湖北省丹江口市武当山特区太子坡路18号");
            robot.lookup("#field-capital").queryAs(javafx.scene.control.TextField.class).setText("5");
        });
        click("#form-next");
        Path other = data.resolve("another-person.jpg");
        Files.copy(getClass().getResourceAsStream("/sim/idcopy-another-person.jpg"), other);
        context.simulated().camera().showNext(other);

        click("#capture-shoot");
        waitLong(() -> showing("#problem"), "the copy to be read");

        assertThat(text("#problem")).isEqualTo(ZH.get("problem.ID_COPY_MISMATCH"));
        assertThat(vm.screens().capture().materialNameProperty().get()).isEqualTo("经营者居民身份证复印件");
        screenshot("ocr-3-id-copy-of-another-person");

        click("#capture-shoot"); // the resident's own copy this time
        waitLong(() -> vm.screens().capture().materialNameProperty().get().startsWith("经营场所使用证明"),
                "the next paper to be asked for");
        assertThat(showing("#problem")).isFalse();
    }

    private String onlyApplicationId() throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
