package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pre-fill from the real papers residents bring (photographs of the second bench set, carried in device-drivers'
 * test resources), read by the default OCR engine in the kiosk: a household register card fills a child's name and
 * ID number, a business licence the employer's name and credit code; a value the engine read without confidence is
 * not filled in but shown on the review as "please check" (请核对) with the paper and line to look at.
 */
class KioskPaperCheckTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(java.util.Locale.SIMPLIFIED_CHINESE);

    private static Path paper(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("kiosk"))) {
            p = p.getParent();
        }
        assertThat(p).isNotNull();
        Path image = p.resolve("device-drivers/src/test/resources/ocr-sample-v2").resolve(name);
        assertThat(image).exists();
        return image;
    }

    /** Reading loads the OCR engine on the first paper: allow for it on a busy machine. */
    private void waitLong(java.util.function.BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void toForm(String department, String matter) {
        click("#start");
        click("#department-" + department);
        click("#matter-" + matter);
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        robot.clickOn("#field-phone").write("13800138000");
    }

    /** Lays {@code paper} under the camera, shoots it and waits until the capture screen says {@code told}. */
    private void shoot(String paper, String told) throws Exception {
        Path copy = data.resolve(paper);
        Files.copy(paper(paper), copy);
        context.simulated().camera().showNext(copy);
        click("#capture-shoot");
        waitLong(() -> told.equals(vm.screens().capture().acceptedProperty().get()), paper + " to be read");
    }

    @Test
    void realPapersFillWhatWasReadSurelyAndAskTheResidentToCheckTheRest() throws Exception {
        startKiosk(Duration.ofMinutes(10));

        // a child's household register card: name (with the rare 喆) and ID number read surely, both filled in
        toForm("edu", "school-enrolment");
        click("#form-next");
        shoot("household-001.jpg", ZH.get("capture.filled", "户口簿户主页和本人页", 2));
        click("#capture-shoot"); // the home certificate
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        assertThat(text("#review-field-childName")).isEqualTo("叶喆建");
        assertThat(text("#review-field-childIdNumber")).isEqualTo("110105199811204810");
        assertThat(text("#review-from-childIdNumber")).isEqualTo(ZH.get("review.fromDocument", "户口簿户主页和本人页"));
        snap("ocr-check-1-household-filled");
        click("#home");

        // the same card with the last characters of the name washed out: the engine reads the name without
        // confidence, or reads 叶 alone and leaves the washed-out ink unread in the box (UnreadInk), so the ID number
        // is filled in and the name is not: the review asks the resident to check it, saying what was read
        toForm("edu", "school-enrolment");
        click("#form-next");
        shoot("household-001-faded.jpg", ZH.get("capture.filled", "户口簿户主页和本人页", 1));
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        assertThat(text("#review-field-childIdNumber")).isEqualTo("110105199811204810");
        assertThat(text("#review-field-childName")).as("not filled in").isEmpty();
        String check = text("#review-from-childName");
        assertThat(check).startsWith("请核对").contains("户口簿户主页和本人页").contains("读作“叶").containsPattern("第 \\d+ 行");
        assertThat(robot.lookup("#review-from-childName").query().getStyleClass()).contains("please-check");
        snap("ocr-check-2-please-check");
        // the resident types it from the paper
        robot.interact(() -> robot.lookup("#review-field-childName").queryAs(javafx.scene.control.TextField.class)
                .setText("叶喆建"));
        click("#review-consent");
        click("#review-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");
        click("#home");

        // an employer's business licence (portrait 副本): its name and credit code filled in
        toForm("hrss", "employment-registration");
        click("#form-next");
        click("#capture-shoot"); // the labour contract page
        waitFor(() -> vm.screens().capture().materialNameProperty().get().startsWith("用人单位营业执照"),
                "the licence to be asked for");
        shoot("licence-001.jpg", ZH.get("capture.filled", "用人单位营业执照副本复印件", 2));
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        assertThat(text("#review-field-employerCode")).isEqualTo("91370102372899053D");
        assertThat(text("#review-field-employer")).isEqualTo("济南鑫达食品有限公司");
        snap("ocr-check-3-licence-filled");
        click("#home");
        assertNothingOfResidentOnScreen("叶喆建", "110105199811204810", "91370102372899053D");
    }
}
