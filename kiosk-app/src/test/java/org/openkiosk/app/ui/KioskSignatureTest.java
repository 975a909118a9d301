package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.flow.Step;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * 手写签名: a matter the catalogue marks as signed by hand (高龄津贴申领), started from its home tile. The resident signs on
 * the pad (a stroke undone, the pad cleared and signed again), the application reaches the centre with its A4
 * application form as a PDF whose text names the matter, the applicant, every field, the materials and the date, with
 * every font embedded and the signature drawn; the form prints on the A4 printer; and nothing of it stays after the
 * session.
 */
class KioskSignatureTest extends KioskUiTestBase {
    private static final String NAME = IdCardSimulator.sampleResident().name();

    @Test
    void signedApplicationCarriesItsApplicationFormToTheCentreAndPrintsIt() throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("idcard.timeout-seconds", "5");
        p.setProperty("camera.ocr", "off");
        startKiosk(KioskConfig.parse(p, data), 1920, 1080, Duration.ofMinutes(10), shell -> null);

        click("#home-matter-old-age-allowance");
        assertThat(vm.step()).isEqualTo(Step.MATERIALS);
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        robot.interact(() -> {
            robot.lookup("#field-phone").queryAs(javafx.scene.control.TextField.class).setText("13800138000");
            robot.lookup("#field-bankCard").queryAs(javafx.scene.control.TextField.class).setText("6222020200112233445");
        });
        click("#form-next");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-sign").tryQuery().isPresent(), "the review");
        click("#review-consent");
        click("#review-sign");
        waitFor(() -> robot.lookup("#signature-pad").tryQuery().isPresent(), "the signature pad");
        assertThat(text("#step-name")).isEqualTo("手写签名");

        // an empty pad is not a signature
        click("#signature-submit");
        waitFor(() -> robot.lookup("#problem").tryQuery().isPresent(), "the missing signature");
        assertThat(vm.step()).isEqualTo(Step.SIGNATURE);

        // one stroke, undone; two strokes, cleared; then the signature
        robot.drag("#signature-pad").moveBy(100, 30).moveBy(100, -30).drop();
        assertThat(vm.screens().signature().strokes()).hasSize(1);
        click("#signature-undo");
        assertThat(vm.screens().signature().empty()).isTrue();
        robot.drag("#signature-pad").moveBy(60, 20).moveBy(60, 20).drop();
        robot.drag("#signature-pad").moveBy(-80, 40).moveBy(-40, -10).drop();
        assertThat(vm.screens().signature().strokes()).hasSize(2);
        click("#signature-clear");
        assertThat(vm.screens().signature().empty()).isTrue();
        robot.drag("#signature-pad").moveBy(-200, 10).moveBy(80, -50).moveBy(80, 60).moveBy(120, -40).drop();
        robot.drag("#signature-pad").moveBy(40, -60).moveBy(10, 90).drop();
        assertThat(vm.screens().signature().strokes()).hasSize(2);
        click("#signature-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");
        String no = text("#application-no");
        String id = vm.residentSession().application().submitted().orElseThrow().applicationId();

        // the application form went to the centre with the application, as a PDF
        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        ApplicationSubmission received = context.centre().findApplication(id).orElseThrow();
        DocumentPayload form = received.documents().stream().filter(d -> d.materialId().equals("application-form"))
                .findFirst().orElseThrow();
        assertThat(form.contentType()).isEqualTo("application/pdf");
        assertThat(received.documents()).extracting(DocumentPayload::materialId).contains("household-register");
        try (PDDocument pdf = Loader.loadPDF(form.content())) {
            PDPage first = pdf.getPage(0);
            assertThat(first.getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("高龄津贴申领申请表", "民政局", NAME, IdCardSimulator.sampleResident().idNumber(),
                    "手机号码", "13800138000", "6222020200112233445", "户口簿", "申请人签名",
                    "签名日期：" + java.time.LocalDate.now().getYear() + "年");
            int fonts = 0;
            for (PDPage page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as("font " + font.getName() + " embedded").isTrue();
                    fonts++;
                }
            }
            assertThat(fonts).isPositive();
            // the signature is drawn as lines (the strokes), below the text: the page has path operators beyond the
            // table's rectangles
            String content = new String(first.getContents().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(content).contains(" l\n").contains(" m\n");
        }

        // and prints on the A4 printer (a simulated one here: the PDF lands in its folder)
        click("#done-print-form");
        waitFor(() -> robot.lookup("#done-form-printed").query().isVisible(), "the form to print");
        Path printed = data.resolve("sim").resolve("document-printer").resolve("application-form-" + no + ".pdf");
        assertThat(printed).exists();
        assertThat(Files.readAllBytes(printed)).isEqualTo(form.content());

        // wiped with the session
        var ended = vm.residentSession();
        click("#home");
        waitFor(() -> vm.step() == Step.HOME, "home");
        assertThat(vm.residentSession()).isNotSameAs(ended);
        assertThat(vm.residentSession().application().signature()).isEmpty();
        assertThat(vm.residentSession().application().applicationForm()).isEmpty();
        assertThat(vm.screens().signature().empty()).isTrue();
        assertNothingOfResidentOnScreen(NAME, no);
    }
}
