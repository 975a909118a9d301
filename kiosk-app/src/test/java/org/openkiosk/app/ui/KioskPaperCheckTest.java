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
        shoot(paper(paper), told);
    }

    private void shoot(Path paper, String told) throws Exception {
        Path copy = data.resolve(paper.getFileName());
        Files.copy(paper, copy);
        context.simulated().camera().showNext(copy);
        click("#capture-shoot");
        waitLong(() -> told.equals(vm.screens().capture().acceptedProperty().get()), paper.getFileName() + " to be read");
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
        assertThat(robot.lookup("#review-choices-childName").tryQuery()).as("a dropped character: nothing to tap")
                .isEmpty();
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

    /**
     * A child named 张小焜: 焜 is a standard character PP-OCRv4 cannot write, and it reads 张小馄 without confidence. The
     * name is not filled in; the review offers what was read and the name with the character the model takes 馄 for
     * when shown 焜, and one tap on the one printed fills it in: no rare character to type.
     */
    @Test
    void aNameWithACharacterTheModelCannotWriteIsOfferedToTapNotTyped() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toForm("edu", "school-enrolment");
        click("#form-next");
        Path card = Path.of(getClass().getResource("/papers/household-register-rare-name.jpg").toURI());
        shoot(card, ZH.get("capture.filled", "户口簿户主页和本人页", 1));
        click("#capture-shoot"); // the home certificate
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        assertThat(text("#review-field-childIdNumber")).isEqualTo("420381201903150039");
        assertThat(text("#review-field-childName")).as("not filled in").isEmpty();
        assertThat(text("#review-from-childName")).startsWith("请核对").contains("读作“张小馄”");
        assertThat(robot.lookup("#review-choices-childName").queryAs(javafx.scene.layout.Pane.class).getChildren())
                .extracting(n -> ((javafx.scene.control.Button) n).getText()).containsExactly("张小馄", "张小焜");
        snap("ocr-check-4-choices");
        click("#review-choice-childName-1");
        assertThat(text("#review-field-childName")).isEqualTo("张小焜");
        click("#review-consent");
        click("#review-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");
        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
                var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            assertThat(context.centre().findApplication(rs.getString(1)).orElseThrow().fields())
                    .containsEntry("childName", "张小焜").containsEntry("childIdNumber", "420381201903150039");
        }
        click("#home");
        assertNothingOfResidentOnScreen("张小焜", "张小馄", "420381201903150039");
    }
}
