package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.sscard.SocialSecurityCard;
import org.openkiosk.device.sscard.sim.VirtualSocialSecurityCard;

/**
 * The social security card as a way in: a resident who applied with the ID card later finds the application's progress
 * by putting the social security card in the PC/SC reader (a virtual card behind the real pcscd, read by the real driver
 * over javax.smartcardio), with no ID card on its reader.
 */
class KioskSsCardProgressTest extends KioskUiTestBase {
    private static final Path SSCARD_SCRIPT = Path.of("../device-drivers/src/test/pcsc/sscard_vicc.py");
    private static final Messages ZH = Messages.of(Locale.SIMPLIFIED_CHINESE);
    private static VirtualSocialSecurityCard pcsc;

    @BeforeAll
    static void startPcsc() throws Exception {
        pcsc = VirtualSocialSecurityCard.start(SSCARD_SCRIPT);
    }

    @AfterAll
    static void stopPcsc() {
        if (pcsc != null) {
            pcsc.close();
        }
    }

    @Test
    void progressLookupTakesTheSocialSecurityCard() throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("idcard.timeout-seconds", "20");
        p.setProperty("camera.ocr", "off");
        p.setProperty("sscard.reader", VirtualSocialSecurityCard.READER);
        startKiosk(KioskConfig.parse(p, data), 1920, 1080, Duration.ofMinutes(10), shell -> null);

        // an application made with the ID card
        startHrssMatter("flexible-employment-insurance");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        robot.interact(() -> robot.lookup("#field-phone").queryAs(javafx.scene.control.TextField.class).setText("13600136000"));
        click("#field-hukouType-1");
        click("#form-next");
        click("#review-consent");
        click("#review-submit");
        String no = text("#application-no");
        click("#home");

        // later: no ID card, the social security card of the same person in the PC/SC reader
        context.simulated().idCard().removeCard();
        IdCard id = IdCardSimulator.sampleResident();
        SocialSecurityCard sample = VirtualSocialSecurityCard.sample();
        SocialSecurityCard same = new SocialSecurityCard(sample.cardId(), sample.issueDate(), sample.expiryDate(),
                sample.cardNumber(), id.idNumber(), true, id.name(), id.sex(), id.nation(), sample.birthPlace(),
                id.birthDate());
        click("#progress");
        waitFor(() -> robot.lookup("#idcard-title").tryQuery().isPresent(), "the card step");
        assertThat(text("#idcard-title")).isEqualTo(ZH.get("idcard.titleEither"));
        pcsc.insert(same);
        waitFor(() -> robot.lookup("#progress-stage-" + no).tryQuery().isPresent(), "the progress list");
        assertThat(text("#progress-stage-" + no)).isIn(ZH.get("progress.stage.NOT_YET_SENT"),
                ZH.get("progress.stage.RECEIVED"));
        assertThat(vm.residentSession().progress().applicant().orElseThrow().cardType())
                .isEqualTo("social_security_card");
        pcsc.remove();
        click("#progress-done");
        assertNothingOfResidentOnScreen(no, id.name());
    }
}
