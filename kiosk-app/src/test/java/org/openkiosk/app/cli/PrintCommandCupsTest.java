package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;
import org.openkiosk.print.CupsPdfQueue;

/** {@code ./kiosk print licence --printer} and {@code print test} against the CUPS virtual PDF printer. */
@ExtendWith(CupsPdfQueue.class)
class PrintCommandCupsTest {
    @TempDir
    Path dir;
    private final CliRun kiosk = CliRun.keepingOutput();

    @Test
    void licencePrintedToACupsQueueComesOutAsAnA4Pdf() throws Exception {
        Path data = Files.writeString(dir.resolve("licence.json"), PrintCommandTest.LICENCE_DATA, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("kiosk.properties"), "kiosk.data=data\n");
        long before = System.currentTimeMillis() - 1000;

        assertThat(kiosk.run("print", "licence", "--template", "result-notice", "--data", data.toString(),
                "--printer", CupsPdfQueue.QUEUE, "--config", dir.resolve("kiosk.properties").toString()))
                .as(kiosk.err()).isZero();

        assertThat(kiosk.out().strip())
                .isEqualTo("document result-notice: 1 page(s) sent to printer queue " + CupsPdfQueue.QUEUE);
        Path printed = CupsPdfQueue.awaitPdf(before, Duration.ofSeconds(60));
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(printed))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isCloseTo(PDRectangle.A4.getHeight(),
                    org.assertj.core.data.Offset.offset(2f));
        }
    }

    @Test
    void printTestUsesBothConfiguredPrinters() throws Exception {
        try (EscPosPrinterSimulator sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("sim"))) {
            Path config = Files.writeString(dir.resolve("kiosk.properties"), "kiosk.id=K0042\nkiosk.data=data\n"
                    + "printer.port=tcp://127.0.0.1:" + sim.tcpPort() + "\nprinter.document-queue=" + CupsPdfQueue.QUEUE + "\n");
            long before = System.currentTimeMillis() - 1000;

            assertThat(kiosk.run("print", "test", "--config", config.toString())).as(kiosk.err()).isZero();

            List<String> lines = kiosk.out().lines().toList();
            assertThat(lines).containsExactly(
                    "receipt printer tcp://127.0.0.1:" + sim.tcpPort() + ": test receipt printed (online, paper OK)",
                    "document printer " + CupsPdfQueue.QUEUE + ": test page sent");
            assertThat(EscPosDecoder.text(sim.received())).contains("打印测试", "K0042");
            assertThat(CupsPdfQueue.awaitPdf(before, Duration.ofSeconds(60))).exists();
        }
    }
}
