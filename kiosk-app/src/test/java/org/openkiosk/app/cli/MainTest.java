package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    private final CliRun kiosk = CliRun.keepingOutput();

    @Test
    void helpListsTheCommands() {
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("demo", "--smoke", "--screenshot", "--elderly", "centre", "--version");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(kiosk.run("--version")).isZero();
        assertThat(kiosk.out().strip()).matches("openkiosk \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void unknownCommandsAndBadOptionsAreUsageErrorsWithoutStackTraces() {
        assertThat(kiosk.run("fly")).isEqualTo(2);
        assertThat(kiosk.run("demo", "--size", "big")).isEqualTo(2);
        assertThat(kiosk.err()).contains("unknown command 'fly'").contains("--size must be WIDTHxHEIGHT")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badConfigurationIsReportedKeyByKey() {
        assertThat(kiosk.run("demo", "--smoke", "--set", "idcard.baud=1", "--set", "ui.locale=fr")).isEqualTo(2);
        assertThat(kiosk.err()).contains("idcard.baud").contains("ui.locale");
    }
}
