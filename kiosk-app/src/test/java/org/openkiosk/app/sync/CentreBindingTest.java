package org.openkiosk.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.config.CentreUrl;
import org.openkiosk.app.config.KioskConfig;

/** Which centre a kiosk may talk to, given its configuration and its credential. */
class CentreBindingTest {

    private static final KioskCredential ENROLLED =
            new KioskCredential("K0001", "https://zwfw-centre.example.gov.cn", "secret-token");

    private static CentreBinding bind(String configured, Optional<KioskCredential> credential) {
        return CentreBinding.of(new KioskConfig.Centre(false, configured), credential, Duration.ofSeconds(1));
    }

    @Test
    void theEnrolledCentreInAnotherSpellingIsTheSameCentre() {
        for (String spelling : new String[] {"https://zwfw-centre.example.gov.cn/", "HTTPS://ZWFW-centre.example.gov.cn",
                "https://zwfw-centre.example.gov.cn:443"}) {
            CentreBinding b = bind(spelling, Optional.of(ENROLLED));
            assertThat(b.problem()).as(spelling).isNull();
            assertThat(b.client().unboundReason()).isNull();
        }
    }

    @Test
    void anotherCentreSendsNothingAndSaysANewEnrolmentIsNeeded() {
        CentreBinding b = bind("https://elsewhere.example", Optional.of(ENROLLED));

        assertThat(b.problem()).contains("https://elsewhere.example").contains(ENROLLED.centreUrl())
                .contains("new enrolment").contains("./kiosk enrol --centre https://elsewhere.example");
        assertThatThrownBy(() -> b.client().changes(0)).isInstanceOf(CentreNotBoundException.class)
                .hasMessage(b.problem());
        assertThat(b.client().healthy()).isFalse();
    }

    @Test
    void aKioskWithoutCredentialOrEnrolledOverPlainHttpToAnotherMachineSendsNothing() {
        assertThat(bind("https://zwfw-centre.example.gov.cn", Optional.empty()).problem())
                .contains("not enrolled").contains("./kiosk enrol --centre");
        KioskCredential overHttp = new KioskCredential("K0001", "http://centre.lan:8080", "secret-token");
        assertThat(CentreBinding.problem("http://centre.lan:8080", Optional.of(overHttp)))
                .contains("enrol it again over https");
    }

    @Test
    void loopbackIsOnlyThisMachineAndNeverAskedOfDns() {
        assertThat(CentreUrl.isLoopback("127.0.0.1")).isTrue();
        assertThat(CentreUrl.isLoopback("127.255.0.9")).isTrue();
        assertThat(CentreUrl.isLoopback("localhost")).isTrue();
        assertThat(CentreUrl.isLoopback("[::1]")).isTrue();
        assertThat(CentreUrl.isLoopback("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(CentreUrl.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(CentreUrl.isLoopback("128.0.0.1")).isFalse();
        assertThat(CentreUrl.isLoopback("127.0.0.256")).isFalse();
        assertThat(CentreUrl.isLoopback("localhost.example")).isFalse();
        assertThat(CentreUrl.problem("http://user@127.0.0.1:8080")).contains("without user");
        assertThat(CentreUrl.problem("https://centre.example/api")).isNull();
    }
}
