package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;

/** Tapping the card from home shows the resident's applications and prints a result the centre issued. */
class KioskProgressTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE);

    private String submitOne() {
        startHrssMatter("flexible-employment-insurance");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        scrollIntoView(robot.lookup("#field-phone").query());
        robot.clickOn("#field-phone").write("13600136000");
        click("#field-hukouType-1");
        click("#form-next");
        click("#review-consent");
        click("#review-submit");
        String no = text("#application-no");
        click("#home");
        return no;
    }

    private String applicationId() throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void whileTheCentreIsUnreachableTheApplicationShowsAsNotYetSent() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        context.centre().close();
        String no = submitOne();
        click("#progress");
        assertThat(text("#progress-stage-" + no)).isEqualTo(ZH.get("progress.stage.NOT_YET_SENT"));
    }

    @Test
    void resultIssuedAtTheCentreIsShownAndPrintedAtTheKiosk() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        String no = submitOne();
        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        String id = applicationId();
        byte[] pdf = "%PDF-1.4\n% result notice\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(context.centre().decide(id, "accepted", null, null, null, null)).isTrue();
        assertThat(context.centre().decide(id, "completed", "准予办理", "result-notice.pdf", "application/pdf", pdf)).isTrue();
        context.sync().syncOnce();

        click("#progress");
        assertThat(text("#progress-stage-" + no)).isEqualTo(ZH.get("progress.stage.RESULT_ISSUED"));
        click("#print-result-" + no);
        waitFor(() -> !text("#progress-printed").isEmpty(), "the result to print");
        Path printed = data.resolve("sim").resolve("document-printer").resolve("result-" + id + ".pdf");
        assertThat(printed).exists();
        assertThat(Files.readAllBytes(printed)).isEqualTo(pdf);

        ScreenModels ofThisResident = vm.screens();
        assertThat(SessionResidue.texts(ofThisResident)).as("the progress screen says the result was printed")
                .anyMatch(t -> t.contains(no));
        click("#progress-done");
        assertNothingOfResidentOnScreen(no, "准予办理");
        assertThat(vm.screens()).as("a new session gets new screen models").isNotSameAs(ofThisResident);
        assertThat(SessionResidue.texts(vm.screens())).as("nothing of the last resident in any screen model")
                .noneMatch(t -> t.contains(no) || t.contains("准予办理") || t.contains(id));
    }
}
