package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./kiosk centre --offline-after MIN}: a bad threshold is a usage error naming the option, before anything starts. */
class CentreOfflineAfterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aThresholdThatIsNotMinutesIsAUsageError() {
        assertThat(run("centre", "--port", "0", "--data", "unused", "--offline-after", "soon")).isEqualTo(2);
        assertThat(run("centre", "--port", "0", "--data", "unused", "--offline-after", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--offline-after needs a number of minutes")
                .contains("--offline-after must be 1-1440 minutes").doesNotContain("\tat ");
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--offline-after MIN");
    }
}
