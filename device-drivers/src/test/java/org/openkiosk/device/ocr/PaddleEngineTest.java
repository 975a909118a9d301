package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The detection size chosen per page, and what a box read again must be (the engine itself is exercised by the
 * real-paper tests).
 */
class PaddleEngineTest {
    @Test
    void anA4PageIsDetectedLongerThanASquareCardSoItsSmallPrintIsFound() {
        // an A4 page at 150 dpi: a longer side of 1024 shrank a licence's small print below what the detector finds
        int side = PaddleEngine.detectionSide(1240, 1754);
        assertThat(side).isBetween(1200, 1280);
        assertThat(pixels(1240, 1754, side)).isLessThanOrEqualTo(PaddleEngine.MAX_PIXELS);
    }

    @Test
    void aSquareCardIsDetectedWithinTheBoundOfPixels() {
        // a household register card's crop: square, so 1280 would mean 1.6 million pixels
        int side = PaddleEngine.detectionSide(1148, 1172);
        assertThat(side).isLessThan(1100);
        assertThat(pixels(1148, 1172, side)).isLessThanOrEqualTo(PaddleEngine.MAX_PIXELS);
    }

    @Test
    void aSmallPageIsNotEnlarged() {
        assertThat(PaddleEngine.detectionSide(800, 500)).isGreaterThanOrEqualTo(800);
    }

    @Test
    void aBoxsOtherReadingsChangeOneDoubtedCharacterEachAndAreFewAtMost() {
        OcrText.Line box = new OcrText.Line("余晨垄", 0.41, 10, 10, 90, 30);
        OcrText.Line other = PaddleEngine.withOtherReadings(box, "余晨垄", new String[] {"", "", "垫堃"});
        assertThat(other.otherReadings()).containsExactly("余晨垫", "余晨堃");
        assertThat(other.confidence()).isEqualTo(0.41);
        assertThat(PaddleEngine.withOtherReadings(box, "余晨垄", new String[] {"", "", ""})).isEqualTo(box);
        OcrText.Line many = PaddleEngine.withOtherReadings(new OcrText.Line("甲乙", 0.3, 0, 0, 60, 30), "甲乙",
                new String[] {"丙丁戊", "己庚辛"});
        assertThat(many.otherReadings()).hasSize(PaddleEngine.OTHER_READINGS).startsWith("丙乙", "丁乙", "戊乙");
        assertThat(many.doubted(0.2).otherReadings()).as("kept when the box is doubted further")
                .isEqualTo(many.otherReadings());
    }

    @Test
    void aBoxReadAgainMustHoldTheFirstReadingInOrder() {
        assertThat(PaddleEngine.holdsInOrder("湖南省吉首市马颈坳镇隘", "湖南省吉首市马颈坳镇")).isTrue();
        assertThat(PaddleEngine.holdsInOrder("肖龚文", "肖文")).isTrue();
        assertThat(PaddleEngine.holdsInOrder("肖龚", "肖文")).as("a character of the first reading lost").isFalse();
        assertThat(PaddleEngine.holdsInOrder("文肖龚", "肖文")).as("out of order").isFalse();
    }

    private static long pixels(int width, int height, int side) {
        double scale = (double) side / Math.max(width, height);
        return Math.round(width * scale) * Math.round(height * scale);
    }
}
