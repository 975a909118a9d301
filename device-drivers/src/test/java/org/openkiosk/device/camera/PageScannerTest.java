package org.openkiosk.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageScannerTest {
    private static final int W = 1600;
    private static final int H = 2000;
    private final PageScanner scanner = new PageScanner();

    @ParameterizedTest(name = "rotated {0} deg, keystone {1}")
    @CsvSource({"0, 0.0, 1", "7, 0.08, 2", "-9, 0.12, 3", "4, 0.18, 4", "-3, 0.05, 5", "12, 0.1, 6"})
    void findsTheCornersOfAKeystonedRotatedPageWithinAFewPixels(double degrees, double keystone, long seed) {
        float[] truth = GeneratedPhotos.keystoned(W, H, degrees, keystone, seed);
        BufferedImage page = GeneratedPhotos.page(1240, 1754, seed);
        try (Mat photo = GeneratedPhotos.photo(page, W, H, truth, 0)) {
            PageScanner.Quad q = scanner.findPage(photo).orElseThrow();
            List<PageScanner.Corner> found = q.corners();
            for (int i = 0; i < 4; i++) {
                double dx = found.get(i).x() - truth[2 * i];
                double dy = found.get(i).y() - truth[2 * i + 1];
                assertThat(Math.hypot(dx, dy)).as("corner %d", i).isLessThan(3.0);
            }
        }
    }

    @Test
    void straightenedPageIsUprightWithLevelTextAndAcceptable() throws IOException {
        float[] truth = GeneratedPhotos.keystoned(W, H, 8, 0.1, 11);
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 11);
        try (Mat photo = GeneratedPhotos.photo(page, W, H, truth, 0)) {
            PageScanner.ScannedPage scanned = scanner.scan(GeneratedPhotos.jpeg(photo));
            assertThat(scanned.outline()).isPresent();
            assertThat(scanned.verdict().problem()).isEqualTo(ImageQuality.Problem.NONE);
            BufferedImage out = scanned.page();
            // portrait like the page, and its text lines level: no skew left to find
            assertThat(out.getHeight()).isGreaterThan(out.getWidth());
            try (Mat m = PageScanner.toGreyMat(out)) {
                assertThat(Math.abs(PageScanner.estimateSkew(m))).isLessThanOrEqualTo(0.3);
            }
            // the dark table is cropped away: the border of the page is paper-white after lighting is evened
            assertThat(meanOfBorder(out)).isGreaterThan(200);
        }
    }

    @Test
    void findsTheSkewOfAPagePhotographedWithoutBackground() {
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 5);
        try (Mat m = PageScanner.toGreyMat(page); Mat rotated = PageScanner.rotate(m, 3.0)) {
            double skew = PageScanner.estimateSkew(rotated);
            // the estimate is the rotation that levels the text again
            assertThat(skew).isCloseTo(-3.0, org.assertj.core.data.Offset.offset(0.3));
            try (Mat levelled = PageScanner.rotate(rotated, skew)) {
                assertThat(PageScanner.estimateSkew(levelled)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.3));
            }
        }
    }

    @Test
    void refusesABlurredPhotoSayingItIsBlurred() throws IOException {
        float[] truth = GeneratedPhotos.keystoned(W, H, 5, 0.1, 21);
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 21);
        try (Mat photo = GeneratedPhotos.photo(page, W, H, truth, 4.0)) {
            PageScanner.ScannedPage scanned = scanner.scan(GeneratedPhotos.jpeg(photo));
            assertThat(scanned.acceptable()).isFalse();
            assertThat(scanned.verdict().problem()).isEqualTo(ImageQuality.Problem.BLURRED);
            assertThat(scanned.verdict().sharpness()).isLessThan(PageScanner.MIN_TEXT_SHARPNESS);
        }
    }

    @Test
    void refusesAPhotoWithAGlareSpotOverThePage() throws IOException {
        float[] truth = GeneratedPhotos.keystoned(W, H, 2, 0.05, 31);
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 31);
        try (Mat photo = GeneratedPhotos.photo(page, W, H, truth, 0)) {
            ellipse(photo, new Point(W / 2, H / 2), new Size(260, 180), 0, 0, 360, new Scalar(255), FILLED, 8, 0);
            PageScanner.ScannedPage scanned = scanner.scan(GeneratedPhotos.jpeg(photo));
            assertThat(scanned.verdict().problem()).isEqualTo(ImageQuality.Problem.GLARE);
        }
    }

    @Test
    void aPageFillingTheWholeFrameIsReadWithoutAnOutline() {
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 41);
        PageScanner.ScannedPage scanned = scanner.scan(page);
        assertThat(scanned.outline()).isEmpty();
        assertThat(scanned.acceptable()).isTrue();
        assertThat(scanned.page().getWidth()).isEqualTo(1240);
    }

    @Test
    void aTinyImageIsTooSmall() {
        PageScanner.ScannedPage scanned = scanner.scan(GeneratedPhotos.page(400, 300, 1));
        assertThat(scanned.verdict().problem()).isEqualTo(ImageQuality.Problem.TOO_SMALL);
    }

    @Test
    void bytesThatAreNotAnImageAreRefusedWithAMessage() {
        assertThatThrownBy(() -> scanner.scan(new CapturedImage("not an image".getBytes(), "image/jpeg", 0, 0)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a readable image");
        assertThatThrownBy(() -> scanner.scan(new CapturedImage(new byte[0], "image/jpeg", 0, 0)))
                .isInstanceOf(IOException.class).hasMessageContaining("empty");
    }

    @Test
    void cropToContentKeepsTheInkAndDropsEmptyPaper() {
        BufferedImage page = GeneratedPhotos.page(1240, 1754, 7);
        BufferedImage cropped = PageScanner.cropToContent(page);
        assertThat(cropped.getHeight()).isLessThan(page.getHeight() * 3 / 4);
        assertThat(cropped.getWidth()).isGreaterThan(page.getWidth() / 2);
    }

    private static double meanOfBorder(BufferedImage img) {
        long sum = 0;
        int n = 0;
        for (int x = 0; x < img.getWidth(); x += 4) {
            sum += img.getRaster().getSample(x, 2, 0) + img.getRaster().getSample(x, img.getHeight() - 3, 0);
            n += 2;
        }
        for (int y = 0; y < img.getHeight(); y += 4) {
            sum += img.getRaster().getSample(2, y, 0) + img.getRaster().getSample(img.getWidth() - 3, y, 0);
            n += 2;
        }
        return (double) sum / n;
    }
}
