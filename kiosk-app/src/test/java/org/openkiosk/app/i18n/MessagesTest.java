package org.openkiosk.app.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.flow.FormCheck;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Rating;

class MessagesTest {
    private static Set<String> keys(String resource) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p.stringPropertyNames();
    }

    @Test
    void everyKeyExistsInBothLanguages() throws Exception {
        assertThat(keys("/i18n/messages_en.properties")).isEqualTo(keys("/i18n/messages.properties"));
    }

    @Test
    void everyProblemRatingAndInvalidValueHasPlainWordsInBothLanguages() {
        for (Locale locale : new Locale[] {Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH}) {
            Messages m = Messages.of(locale);
            for (Problem p : Problem.values()) {
                assertThat(m.has("problem." + p)).as(locale + " problem." + p).isTrue();
            }
            for (Rating r : Rating.values()) {
                assertThat(m.has("rating." + r)).as(locale + " rating." + r).isTrue();
            }
            for (org.openkiosk.app.flow.ApplicationProgress.Stage st : org.openkiosk.app.flow.ApplicationProgress.Stage.values()) {
                assertThat(m.has("progress.stage." + st)).as(locale + " progress.stage." + st).isTrue();
            }
            for (org.openkiosk.app.flow.Step st : org.openkiosk.app.flow.Step.values()) {
                assertThat(m.has("speech." + st)).as(locale + " spoken prompt for " + st).isTrue();
            }
            for (FormCheck.Invalid i : FormCheck.Invalid.values()) {
                assertThat(m.has("invalid." + i)).as(locale + " invalid." + i).isTrue();
            }
        }
    }

    @Test
    void chineseIsTheDefaultAndArgumentsAreFilledIn() {
        assertThat(Messages.of(Locale.SIMPLIFIED_CHINESE).get("home.start")).isEqualTo("开始办事");
        assertThat(Messages.of(Locale.ENGLISH).get("capture.progress", 1, 3)).isEqualTo("Paper 1 of 3");
    }
}
