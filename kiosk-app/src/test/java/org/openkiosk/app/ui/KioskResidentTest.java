package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Stream;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.speech.EspeakSpeaker;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.printer.EscPosDecoder;

/** What issue 8 promises residents: bundles, checklists, elderly mode, privacy and the rating. */
class KioskResidentTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE);
    private static final String NAME = IdCardSimulator.sampleResident().name();

    private void toForm(String filter, String matter) {
        click("#start");
        click(filter);
        click("#matter-" + matter);
        click("#materials-start");
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent(), "the card to be read");
    }

    private void type(String field, String text) {
        scrollIntoView(robot.lookup(field).query());
        robot.clickOn(field).write(text);
    }

    @Test
    void newbornBundleIsOneFormAndOneApplicationWithEveryPaper() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toForm("#event-出生", "newborn-bundle");
        type("#field-phone", "13800138000");
        // the baby's name typed in pinyin on the on-screen keyboard: "zhang" offers 张
        scrollIntoView(robot.lookup("#field-babyName").query());
        robot.clickOn("#field-babyName");
        for (String k : new String[] {"#key-z", "#key-h", "#key-a", "#key-n", "#key-g"}) {
            click(k);
        }
        assertThat(text("#keyboard-composing")).isEqualTo("zhang");
        robot.lookup(".key").queryAll().stream().filter(n -> n.getId() != null && n.getId().startsWith("candidate-")
                && "张".equals(((javafx.scene.control.Button) n).getText())).findFirst().ifPresent(robot::clickOn);
        assertThat(text("#field-babyName")).isEqualTo("张");
        robot.interact(() -> ((TextField) robot.lookup("#field-babyName").query()).setText("张小宝"));
        click("#field-babySex-1");
        type("#field-babyBirthDate", "2026-11-01");
        type("#field-birthCertNo", "Q440012345");
        click("#form-next");
        for (int i = 1; i <= 4; i++) {
            int shot = i;
            waitFor(() -> robot.lookup("#capture-shoot").tryQuery().isPresent(), "capture " + shot);
            click("#capture-shoot");
            waitFor(() -> !vm.busyProperty().get(), "capture " + shot + " to be checked");
        }
        click("#review-consent");
        click("#review-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");

        String applicationId;
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            applicationId = rs.getString(1);
            assertThat(rs.next()).as("one application for the whole bundle").isFalse();
        }
        waitFor(() -> context.centre().applicationCount() == 1, "the bundle to reach the centre");
        var received = context.centre().findApplication(applicationId).orElseThrow();
        assertThat(received.serviceId()).isEqualTo("newborn-bundle");
        assertThat(received.fields()).containsEntry("babyName", "张小宝").containsEntry("birthCertNo", "Q440012345")
                .containsEntry("babyBirthDate", "2026-11-01").containsEntry("babySex", "女");
        assertThat(received.documents()).extracting(d -> d.materialId())
                .containsExactlyInAnyOrder("birth-medical-certificate", "household-register", "marriage-certificate",
                        "photo-digital");
    }

    @Test
    void checklistPrintsOnTheReceiptPrinterForAResidentMissingSomething() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        click("#start");
        click("#department-police");
        click("#matter-residence-permit");
        click("#materials-print");
        waitFor(() -> robot.lookup("#materials-printed").query().isVisible(), "the checklist to print");
        waitFor(() -> !context.simulated().printer().receipts().isEmpty(), "the checklist to be cut");
        String paper = EscPosDecoder.text(context.simulated().printer().received());
        assertThat(paper).contains("材料清单").contains("居住证申领").contains("房屋租赁合同或房屋产权证")
                .contains("一寸白底免冠彩色照片");
    }

    @Test
    void elderlyModeShowsFewerChoicesWithLongerTimeAndSpokenPrompts() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        click("#elderly");
        click("#start");
        assertThat(robot.lookup(".matter-button").queryAll()).hasSize(4);
        assertThat(text("#catalogue-page")).startsWith("第 1 页");
        click("#page-next");
        assertThat(text("#catalogue-page")).startsWith("第 2 页");
        assertThat(spoken).contains(ZH.get("speech.CATALOGUE"));
        click("#department-hrss");
        click("#matter-pension-enrol");
        click("#materials-start");
        waitFor(() -> spoken.contains(ZH.get("speech.ID_CARD")), "the spoken card prompt");
        click("#speech");
        int said = spoken.size();
        click("#back");
        assertThat(spoken).as("prompts switched off").hasSize(said);
    }

    @Test
    void spokenPromptsAreRealAudioFromEspeak(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path wav = dir.resolve("prompt.wav");
        EspeakSpeaker.render(ZH.get("speech.ID_CARD"), Locale.SIMPLIFIED_CHINESE, wav);
        byte[] head = Files.readAllBytes(wav);
        assertThat(new String(head, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(head.length).as("about a second of speech or more").isGreaterThan(20_000);
    }

    @Test
    void poorRatingAsksWhyAndIsStoredWithTheReason() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        toForm("#department-hrss", "flexible-employment-insurance");
        type("#field-phone", "13900139000");
        click("#field-hukouType-2");
        click("#form-next");
        click("#review-consent");
        click("#review-submit");
        click("#done-rate");
        click("#rating-VERY_DISSATISFIED");
        assertThat(robot.lookup("#rating-reason").query().isVisible()).isTrue();
        type("#rating-reason", "wait too long");
        click("#rating-send");
        assertThat(text("#rating-thanks")).isEqualTo(ZH.get("rating.thanks"));
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT * FROM ratings")) {
            assertThat(rs.next()).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('|');
            }
            assertThat(row.toString()).contains("|1|").contains("wait too long");
        }
    }

    @Test
    void afterTheIdleWipeNoNodeViewModelOrTemporaryFileHoldsTheResident() throws Exception {
        Instant started = Instant.now();
        startKiosk(Duration.ofSeconds(4));
        toForm("#department-nhsa", "resident-medical-insurance");
        type("#field-phone", "13700137000");
        waitFor(() -> robot.lookup("#idle-warning").query().isVisible(), "the idle warning");
        waitFor(() -> robot.lookup("#home-screen").tryQuery().isPresent(), "the idle wipe");

        assertNothingOfResidentOnScreen(NAME, "13700137000");
        assertThat(vm.screens().form().cardRows()).isEmpty();
        assertThat(vm.screens().form().fieldRows()).isEmpty();
        assertThat(vm.screens().capture().materialNameProperty().get()).isEmpty();
        assertThat(vm.screens().capture().preview().imageProperty().get()).isNull();
        assertThat(vm.screens().catalogue().queryProperty().get()).isEmpty();
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> temp = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 2)) {
            assertThat(temp.filter(Files::isRegularFile).filter(p -> isNewer(p, started)).filter(p -> contains(p, name)))
                    .as("temporary files written during the session that hold the name").isEmpty();
        }
    }

    private static boolean isNewer(Path p, Instant t) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isAfter(t) && Files.size(p) < 50_000_000;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean contains(Path p, byte[] needle) {
        try {
            byte[] hay = Files.readAllBytes(p);
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
