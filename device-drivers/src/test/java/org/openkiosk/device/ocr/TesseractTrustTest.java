package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.camera.CapturedImage;

/**
 * Tesseract ({@code camera.ocr=tesseract}, the engine for a kiosk PC too small for PaddleOCR) reads far fewer fields
 * right than the default engine; what it must never do is vouch for one it read wrong. Each line it reads is as
 * trustworthy as its least certain word, not as the page on average: with the page's mean confidence on every line,
 * a licence's company name with a wrong character and a household card's name read as Latin garbage were filled in
 * for the resident unchecked.
 */
class TesseractTrustTest {
    private static DocumentReader tesseract;

    @BeforeAll
    static void loadEngine() throws Exception {
        tesseract = new DocumentReader(TesseractEngine.load());
    }

    @AfterAll
    static void closeEngine() {
        tesseract.close();
    }

    @Test
    void noValueReadWrongIsFilledInUnchecked() throws Exception {
        List<String> wronglyTrusted = new ArrayList<>();
        int trustedRight = 0;
        for (String name : List.of("licence-000", "licence-001", "household-001", "idcopy-002", "idcopy-005")) {
            Path image = Path.of(TesseractTrustTest.class.getResource("/ocr-sample-v2/" + name + ".jpg").toURI());
            Map<String, String> truth = BenchSample.truthFields(image);
            RecognisedDocument doc = tesseract.read(new CapturedImage(Files.readAllBytes(image), "image/jpeg", 0, 0));
            for (Map.Entry<String, String> field : truth.entrySet()) {
                String read = doc.fields().getOrDefault(field.getKey(), "");
                if (doc.trusted(field.getKey())) {
                    if (OcrScore.exact(field.getKey(), read, field.getValue())) {
                        trustedRight++;
                    } else {
                        wronglyTrusted.add(name + " " + field.getKey() + ": " + read + " (is " + field.getValue() + ")");
                    }
                }
            }
        }
        assertThat(wronglyTrusted).as("read wrong and filled in with no 请核对").isEmpty();
        assertThat(trustedRight).as("values read right and sure are still filled in").isGreaterThanOrEqualTo(5);
    }
}
