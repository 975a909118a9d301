package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.flow.Step;

/**
 * The step bar counts only the steps a matter needs: a matter with one paper to photograph (养老保险参保登记) has six
 * (choose, card, details, the paper, check and submit, done), one with three papers (新生儿入户登记) eight, one paper a
 * step; on every screen it says which step this is, of how many, and how many remain, and in elderly mode says it aloud.
 */
class KioskStepBarTest extends KioskUiTestBase {
    private void expectStep(int number, int total, String name) {
        waitFor(() -> robot.lookup("#step-count").tryQuery().isPresent()
                && text("#step-count").equals("第 " + number + " 步，共 " + total + " 步："), "step " + number + " of " + total);
        assertThat(text("#step-name")).isEqualTo(name);
        assertThat(text("#step-remaining")).isEqualTo(number == total ? "最后一步" : "还剩 " + (total - number) + " 步");
        assertThat(robot.lookup(".step-segment").queryAll()).hasSize(total);
        assertThat(robot.lookup(".step-done").queryAll()).hasSize(number - 1);
    }

    @Test
    void onePaperMatterHasSixStepsAndAThreePaperMatterEight() throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("idcard.timeout-seconds", "5");
        p.setProperty("camera.ocr", "off");
        startKiosk(KioskConfig.parse(p, data), 1920, 1080, Duration.ofMinutes(10), shell -> null);
        assertThat(robot.lookup("#step-bar").tryQuery()).as("no step bar at home").isEmpty();

        // one paper
        click("#start");
        waitFor(() -> robot.lookup("#step-count").tryQuery().isPresent(), "the step bar");
        assertThat(text("#step-count")).as("how many steps depends on the matter not yet chosen").isEqualTo("第 1 步：");
        assertThat(text("#step-name")).isEqualTo("选择事项");
        assertThat(robot.lookup(".step-segment").queryAll()).isEmpty();
        click("#department-hrss");
        click("#matter-pension-enrol");
        expectStep(1, 6, "选择事项");
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        expectStep(3, 6, "填写信息");
        robot.interact(() -> robot.lookup("#field-phone").queryAs(javafx.scene.control.TextField.class).setText("13800138000"));
        click("#field-contributionLevel-1");
        click("#form-next");
        expectStep(4, 6, "拍摄材料（第 1 份，共 1 份）");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        expectStep(5, 6, "核对提交");
        click("#home");

        // three papers, a step each, said aloud in elderly mode
        click("#elderly");
        click("#start");
        click("#department-police");
        click("#matter-newborn-hukou");
        expectStep(1, 8, "选择事项");
        click("#materials-start");
        waitFor(() -> robot.lookup("#field-babyName").tryQuery().isPresent(), "the form");
        expectStep(3, 8, "填写信息");
        assertThat(spoken).contains("第3步，共8步，还剩5步。");
        assertThat(text("#spoken-prompt")).as("what is said is shown (where, in the step bar above it)")
                .isEqualTo(vm.messages().get("speech.FORM"));
        robot.interact(() -> {
            for (String[] f : new String[][] {{"#field-phone", "13800138000"}, {"#field-babyName", "张小宝"},
                    {"#field-babyBirthDate", "2026-11-01"}, {"#field-birthCertNo", "Q440012345"}}) {
                robot.lookup(f[0]).queryAs(javafx.scene.control.TextField.class).setText(f[1]);
            }
        });
        click("#field-babySex-1");
        click("#form-next");
        for (int paper = 1; paper <= 3; paper++) {
            expectStep(3 + paper, 8, "拍摄材料（第 " + paper + " 份，共 3 份）");
            click("#capture-shoot");
            int shot = paper;
            waitFor(() -> !vm.busyProperty().get()
                    && (vm.step() == Step.REVIEW || vm.residentSession().application().captures().size() == shot),
                    "paper " + paper);
        }
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        expectStep(7, 8, "核对提交");
        int said = spoken.size();
        click("#speech-repeat");
        waitFor(() -> spoken.size() > said, "the prompt said again");
        assertThat(spoken.subList(said, spoken.size())).contains("第7步，共8步，还剩1步。");
    }
}
