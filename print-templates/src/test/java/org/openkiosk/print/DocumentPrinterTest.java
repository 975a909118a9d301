package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;

/** Documents printed through javax.print to the CUPS virtual PDF printer, and read back from what it wrote. */
@ExtendWith(CupsPdfQueue.class)
class DocumentPrinterTest {
    @Test
    void resultNoticePrintedToTheCupsQueueComesOutAsAnA4Page() throws Exception {
        byte[] pdf = DocumentTemplates.fromClasspath().render("result-notice", DocumentTemplatesTest.resultNotice());
        long before = System.currentTimeMillis() - 1000;

        assertThat(DocumentPrinter.queues()).contains(CupsPdfQueue.QUEUE);
        DocumentPrinter.print(pdf, CupsPdfQueue.QUEUE, "result-notice-KZ20240601-0001");

        Path printed = CupsPdfQueue.awaitPdf(before, Duration.ofSeconds(60));
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(printed))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(2f));
            assertThat(box.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(2f));
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 50);
            Files.createDirectories(Path.of("target", "document-png"));
            ImageIO.write(page, "png", Path.of("target", "document-png", "printed-result-notice.png").toFile());
            assertThat(inkRows(page)).as("rows of the printed page with ink").isGreaterThan(40);
        }
    }

    @Test
    void unknownQueueIsNotFoundAndNamesTheQueuesThereAre() {
        assertThatThrownBy(() -> DocumentPrinter.print(new byte[] {1}, "NoSuchQueue", "x"))
                .isInstanceOf(DeviceNotFoundException.class).hasMessageContaining("NoSuchQueue")
                .hasMessageContaining(CupsPdfQueue.QUEUE);
    }

    @Test
    void bytesThatAreNotAPdfAreRefusedBeforeAnythingIsQueued() {
        assertThatThrownBy(() -> DocumentPrinter.print("not a pdf".getBytes(), CupsPdfQueue.QUEUE, "x"))
                .isInstanceOf(DeviceException.class).hasMessageContaining("not a PDF");
    }

    private static int inkRows(BufferedImage img) {
        int rows = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFF) < 128) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }
}
