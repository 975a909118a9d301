package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.camera.CapturedImage;

/**
 * The real engines on a few photographs of the shared bench set (the full set is {@code ./kiosk bench ocr}):
 * each page read within the 3% character error rate, every ID-copy field exact. Prints the figures.
 */
class BenchSampleOcrTest {
    private static DocumentReader tesseract;
    private static DocumentReader paddle;

    @BeforeAll
    static void loadEngines() throws Exception {
        tesseract = new DocumentReader(TesseractEngine.load());
        paddle = new DocumentReader(PaddleEngine.load());
    }

    @AfterAll
    static void closeEngines() {
        tesseract.close();
        paddle.close();
    }

    private static RecognisedDocument read(DocumentReader reader, String name) throws Exception {
        Path image = BenchSample.dir().resolve(name);
        return reader.read(new CapturedImage(Files.readAllBytes(image), "image/jpeg", 0, 0));
    }

    @Test
    void bothEnginesReadAPhotographedPageWithinThreePercent() throws Exception {
        for (String name : List.of("page-001.jpg", "page-005.jpg")) {
            String truth = BenchSample.truthText(BenchSample.dir().resolve(name));
            for (DocumentReader reader : List.of(tesseract, paddle)) {
                RecognisedDocument doc = read(reader, name);
                double cer = (double) OcrScore.errors(doc.text(), truth) / OcrScore.length(truth);
                System.out.printf("%s %s: CER %.4f%n", reader.engine().name(), name, cer);
                assertThat(doc.readable()).isTrue();
                assertThat(doc.type()).contains(DocumentType.GENERIC);
                assertThat(cer).as("%s on %s", reader.engine().name(), name).isLessThanOrEqualTo(0.03);
            }
        }
    }

    @Test
    void paddleReadsEveryFieldOfIdCopiesExactly() throws Exception {
        for (String name : List.of("idcopy-001.jpg", "idcopy-004.jpg")) {
            Map<String, String> truth = BenchSample.truthFields(BenchSample.dir().resolve(name));
            RecognisedDocument doc = read(paddle, name);
            assertThat(doc.type()).contains(DocumentType.ID_CARD);
            assertThat(doc.fields()).containsAllEntriesOf(truth);
            assertThat(doc.problems()).isEmpty();
            assertThat(doc.clean()).isTrue();
        }
    }

    @Test
    void theDefaultEngineReadsIdCopiesWithPaddleAndPagesWithTesseract() throws Exception {
        OcrEngine auto = new KindAwareEngine(tesseract.engine(), paddle.engine());
        DocumentReader reader = new DocumentReader(auto);
        String id = "idcopy-002.jpg";
        assertThat(read(reader, id).fields()).containsAllEntriesOf(BenchSample.truthFields(BenchSample.dir().resolve(id)));
        assertThat(read(reader, "page-007.jpg").type()).contains(DocumentType.GENERIC);
    }
}
