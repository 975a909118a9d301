package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.PageScanner;

/**
 * The kiosk runs PaddleOCR's models on ONNX Runtime for Java with its own detection and crop ({@link PpOcr}); every
 * threshold and check downstream was measured on RapidOCR's packaged native library. Both are loaded here and read the
 * same photographed papers (carried in {@code ocr-sample-v2/}): every box must come out with the same text, the same
 * place and the same confidence.
 */
class PpOcrTest {
    private static PaddleEngine kiosk;
    private static PaddleEngine packaged;

    @BeforeAll
    static void load() throws Exception {
        kiosk = PaddleEngine.load(2);
        packaged = PaddleEngine.loadPackaged(2);
    }

    @AfterAll
    static void close() {
        kiosk.close();
        packaged.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"household-001.jpg", "licence-000.jpg", "idcopy-000.jpg", "page-002.jpg"})
    void readsEveryBoxOfAPhotographedPaperAsThePackagedLibraryDoes(String name) throws Exception {
        byte[] photo = Files.readAllBytes(Path.of(PpOcrTest.class.getResource("/ocr-sample-v2/" + name).toURI()));
        BufferedImage page = PageScanner.cropToContent(
                new PageScanner().scan(new CapturedImage(photo, "image/jpeg", 0, 0)).page());

        List<OcrText.Line> ours = kiosk.read(page).boxes();
        List<OcrText.Line> theirs = packaged.read(page).boxes();

        assertThat(ours).as("boxes on %s", name).hasSize(theirs.size()).hasSizeGreaterThan(8);
        for (int i = 0; i < ours.size(); i++) {
            OcrText.Line a = ours.get(i);
            OcrText.Line b = theirs.get(i);
            assertThat(a.text()).as("box %d of %s", i, name).isEqualTo(b.text());
            assertThat(a.confidence()).as("confidence of %s", a.text()).isCloseTo(b.confidence(), within(0.01));
            assertThat(new int[] {a.x(), a.y(), a.width(), a.height()}).as("place of %s", a.text())
                    .satisfies(p -> {
                        assertThat(p[0]).isCloseTo(b.x(), within(2));
                        assertThat(p[1]).isCloseTo(b.y(), within(2));
                        assertThat(p[2]).isCloseTo(b.width(), within(2));
                        assertThat(p[3]).isCloseTo(b.height(), within(2));
                    });
        }
    }

    @Test
    void aBlankPageHasNoBoxes() throws Exception {
        BufferedImage blank = new BufferedImage(900, 600, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 600);
        g.dispose();
        assertThat(kiosk.read(blank).boxes()).isEmpty();
    }

    @Test
    void aTinyImageIsReadWithoutFailing() throws Exception {
        assertThat(kiosk.read(new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY)).boxes()).isEmpty();
    }

    @Test
    void aBoxGrowsOutwardByItsAreaTimesTheRatioOverItsPerimeter() {
        // 100 × 20: 2000 × 1.6 / 240 = 13.3 pixels on every side
        float[][] grown = PpOcr.unclip(new float[][] {{10, 10}, {110, 10}, {110, 30}, {10, 30}}, 1.6f);
        assertThat(grown[0][0]).isCloseTo(-3.3f, within(1f));
        assertThat(grown[0][1]).isCloseTo(-3.3f, within(1f));
        assertThat(grown[2][0]).isCloseTo(123.3f, within(1f));
        assertThat(grown[2][1]).isCloseTo(43.3f, within(1f));
    }

    @Test
    void aTiltedBoxGrowsAlongItsOwnSides() {
        // the same box turned by 30 degrees about (60, 20): its sides grow to 126.7 and 46.7
        double t = Math.toRadians(30);
        float[][] box = new float[4][];
        double[][] corners = {{-50, -10}, {50, -10}, {50, 10}, {-50, 10}};
        for (int k = 0; k < 4; k++) {
            box[k] = new float[] {(float) (60 + corners[k][0] * Math.cos(t) - corners[k][1] * Math.sin(t)),
                    (float) (20 + corners[k][0] * Math.sin(t) + corners[k][1] * Math.cos(t))};
        }
        float[][] grown = PpOcr.unclip(box, 1.6f);
        double w = Math.hypot(grown[0][0] - grown[1][0], grown[0][1] - grown[1][1]);
        double h = Math.hypot(grown[0][0] - grown[3][0], grown[0][1] - grown[3][1]);
        assertThat(Math.max(w, h)).isCloseTo(126.7, within(1.5));
        assertThat(Math.min(w, h)).isCloseTo(46.7, within(1.5));
    }
}
