package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("demo", "--smoke", "--screenshot", "--elderly", "centre", "--version");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("openkiosk \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void unknownCommandsAndBadOptionsAreUsageErrorsWithoutStackTraces() {
        assertThat(run("fly")).isEqualTo(2);
        assertThat(run("demo", "--size", "big")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'fly'").contains("--size must be WIDTHxHEIGHT")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badConfigurationIsReportedKeyByKey() {
        assertThat(run("demo", "--smoke", "--set", "idcard.baud=1", "--set", "ui.locale=fr")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("idcard.baud").contains("ui.locale");
    }
}
