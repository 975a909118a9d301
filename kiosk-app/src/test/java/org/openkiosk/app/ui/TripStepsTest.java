package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.TripServices;
import org.openkiosk.app.ui.TripSteps.Kind;

/** The step bar's steps: only those the matter needs, one per paper, the signature where the catalogue asks for it. */
class TripStepsTest {
    private static ResidentSession chosen(String matter) throws Exception {
        ResidentSession s = new TripServices(Catalogue.builtIn(), null, null, null, Duration.ofSeconds(1),
                Clock.systemUTC()).openSession();
        s.application().start();
        s.application().choose(matter);
        return s;
    }

    @Test
    void countsOnlyTheStepsEachMatterNeeds() throws Exception {
        TripSteps none = TripSteps.of(chosen("flexible-employment-insurance")).orElseThrow();
        assertThat(none.steps()).containsExactly(Kind.CHOOSE, Kind.CARD, Kind.FORM, Kind.REVIEW, Kind.DONE);
        TripSteps one = TripSteps.of(chosen("pension-enrol")).orElseThrow();
        assertThat(one.total()).isEqualTo(6);
        assertThat(one.number()).isEqualTo(1);
        assertThat(one.remaining()).isEqualTo(5);
        assertThat(TripSteps.of(chosen("newborn-hukou")).orElseThrow().total()).isEqualTo(8);
        assertThat(TripSteps.of(chosen("old-age-allowance")).orElseThrow().steps())
                .containsExactly(Kind.CHOOSE, Kind.CARD, Kind.FORM, Kind.PAPER, Kind.REVIEW, Kind.SIGN, Kind.DONE);
    }

    @Test
    void noBarAtHomeAndNoTotalBeforeTheMatterIsChosen() throws Exception {
        ResidentSession s = new TripServices(Catalogue.builtIn(), null, null, null, Duration.ofSeconds(1),
                Clock.systemUTC()).openSession();
        assertThat(TripSteps.of(s)).isEmpty();
        s.application().start();
        assertThat(TripSteps.of(s).orElseThrow().settled()).isFalse();
        s.application().back();
        s.progress().start();
        TripSteps progress = TripSteps.of(s).orElseThrow();
        assertThat(progress.steps()).containsExactly(Kind.PROGRESS_CARD, Kind.PROGRESS);
        assertThat(progress.settled()).isTrue();
    }
}
