package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ./kiosk centre --offline-after MIN}: a bad threshold is a usage error naming the option, before anything starts. */
class CentreOfflineAfterTest {
    private final CliRun kiosk = CliRun.keepingOutput();

    @Test
    void aThresholdThatIsNotMinutesIsAUsageError() {
        assertThat(kiosk.run("centre", "--port", "0", "--data", "unused", "--offline-after", "soon")).isEqualTo(2);
        assertThat(kiosk.run("centre", "--port", "0", "--data", "unused", "--offline-after", "0")).isEqualTo(2);
        assertThat(kiosk.err()).contains("--offline-after needs a number of minutes")
                .contains("--offline-after must be 1-1440 minutes").doesNotContain("\tat ");
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("--offline-after MIN");
    }
}
