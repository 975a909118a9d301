package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;

/**
 * The fleet load generator run small against a running centre on its embedded database: every kiosk enrolled
 * through the centre, every application made acknowledged and found at the centre once, every result issued
 * downloaded, and the report ending in {@code errors 0}. Figures are printed, never asserted.
 */
class FleetBenchTest {

    @Test
    void twentyKiosksSubmitForAFewSecondsAndEveryApplicationLandsOnce(@TempDir Path data) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (CentreServer centre = CentreServer.start(data, 0)) {
            FleetBench.Outcome outcome = FleetBench.run(new FleetBench.Options(URI.create(centre.baseUrl()), data, null,
                    20, 0.2, 300, List.of(ProcessHandle.current().pid()), 16, 42), new PrintStream(text, true,
                    StandardCharsets.UTF_8));
            String report = text.toString(StandardCharsets.UTF_8);
            System.out.print(report);

            assertThat(outcome.made()).isEqualTo(20L * FleetBench.APPLICATIONS_PER_PEAK_HOUR);
            assertThat(outcome.acknowledged()).isEqualTo(outcome.made());
            assertThat(outcome.landed()).isEqualTo(outcome.made());
            assertThat(centre.applicationCount()).isEqualTo(outcome.made());
            assertThat(outcome.resultsIssued()).isPositive();
            assertThat(outcome.resultsDownloaded()).isEqualTo(outcome.resultsIssued());
            assertThat(outcome.uploadsResumed()).as("uploads cut off after a chunk, resumed where the centre stopped")
                    .isPositive();
            assertThat(report).contains("errors 0").containsPattern("submit +\\d+ +0 ").contains("centre cpu ");
        }
    }
}
