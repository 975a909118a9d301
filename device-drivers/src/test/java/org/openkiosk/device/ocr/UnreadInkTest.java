package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Boxes on a drawn page whose "characters" are dark blocks as wide as they are tall: the check counts ink, not
 * shapes, so blocks stand for any font's glyphs. The real cases (肖䶮文 read as 肖文, a washed-out 喆建 read as 叶)
 * are in {@link RealPapersOcrTest}.
 */
class UnreadInkTest {
    private static final int GLYPH = 30;

    private final BufferedImage page = new BufferedImage(900, 600, BufferedImage.TYPE_BYTE_GRAY);
    private final Graphics2D g = page.createGraphics();
    private final List<OcrText.Line> boxes = new ArrayList<>();

    UnreadInkTest() {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        // the page's other boxes, read whole, give its font's width per character
        box("公民身份号码", 6, 20, 20, 4, 0);
        box("签发机关", 4, 20, 80, 4, 0);
        box("杭州市公安局", 6, 20, 140, 4, 0);
    }

    /** Draws {@code glyphs} blocks in a box at (x, y) and records the box as read {@code text}. */
    private OcrText.Line box(String text, int glyphs, int x, int y, int spacing, int shade) {
        g.setColor(new Color(shade, shade, shade));
        for (int i = 0; i < glyphs; i++) {
            g.fillRect(x + 8 + i * (GLYPH + spacing), y + 6, GLYPH - 2, GLYPH);
        }
        OcrText.Line box = new OcrText.Line(text, 0.99, x, y, 16 + glyphs * (GLYPH + spacing), GLYPH + 12);
        boxes.add(box);
        return box;
    }

    private OcrText.Line checked(OcrText.Line box) {
        return UnreadInk.check(page, boxes).get(boxes.indexOf(box));
    }

    @Test
    void aNameWithACharacterDroppedIsNoLongerTrusted() {
        OcrText.Line name = box("肖文", 3, 20, 220, 4, 0); // three characters printed, two read
        assertThat(checked(name).confidence()).isLessThan(FieldExtractor.MIN_CONFIDENCE);
    }

    /**
     * An ID card prints its labels smaller and lighter than the values; the detector may read 姓　名 and the name
     * as one box (it did, on a page narrowed before reading). Measured whole, the label's light, small ink is less
     * than two characters' worth and hid the character the recogniser dropped from 肖䶮文.
     */
    @Test
    void aNameWithACharacterDroppedIsNoLongerTrustedWhenItsLabelIsInTheSameBox() {
        OcrText.Line name = labelledBox("姓名肖文", 3, 20, 220);
        assertThat(checked(name).confidence()).isLessThan(FieldExtractor.MIN_CONFIDENCE);
    }

    @Test
    void aNameReadWholeBesideItsLabelKeepsItsConfidence() {
        OcrText.Line name = labelledBox("姓名叶喆建", 3, 20, 220);
        assertThat(checked(name).confidence()).isEqualTo(0.99);
    }

    @Test
    void aLabelSpacedWiderThanItsGapToTheValueIsStillTheLabel() {
        // 住　　　址 then the value: the gap inside the label is the widest, the value starts after the last wide one
        g.setColor(Color.BLACK);
        g.fillRect(28, 226, GLYPH - 2, GLYPH);
        g.fillRect(28 + GLYPH + 50, 226, GLYPH - 2, GLYPH);
        int value = 28 + 2 * GLYPH + 50 + 24;
        for (int i = 0; i < 3; i++) {
            g.fillRect(value + i * (GLYPH + 4), 226, GLYPH - 2, GLYPH);
        }
        OcrText.Line box = new OcrText.Line("住址山路村", 0.99, 20, 220, value - 20 + 3 * (GLYPH + 4) + 8, GLYPH + 12);
        boxes.add(box);
        assertThat(checked(box).confidence()).isEqualTo(0.99);
    }

    /** 姓　名 in small grey type, letter-spaced, then {@code glyphs} black characters, all read as {@code text}. */
    private OcrText.Line labelledBox(String text, int glyphs, int x, int y) {
        int small = GLYPH * 7 / 10;
        g.setColor(new Color(150, 150, 150));
        g.fillRect(x + 8, y + 6 + GLYPH - small, small - 2, small);
        g.fillRect(x + 8 + small + 14, y + 6 + GLYPH - small, small - 2, small);
        int value = x + 8 + 2 * (small + 14) + GLYPH;
        g.setColor(Color.BLACK);
        for (int i = 0; i < glyphs; i++) {
            g.fillRect(value + i * (GLYPH + 4), y + 6, GLYPH - 2, GLYPH);
        }
        OcrText.Line box = new OcrText.Line(text, 0.99, x, y, value - x + glyphs * (GLYPH + 4) + 8, GLYPH + 12);
        boxes.add(box);
        return box;
    }

    @Test
    void aWashedOutCharacterBesideAReadOneCountsAsInk() {
        g.setColor(Color.BLACK);
        g.fillRect(28, 286, GLYPH - 2, GLYPH);
        OcrText.Line name = new OcrText.Line("叶", 0.99, 20, 280, 16 + 3 * (GLYPH + 4), GLYPH + 12);
        boxes.add(name);
        g.setColor(new Color(140, 140, 140)); // 喆建, faint
        g.fillRect(28 + GLYPH + 4, 286, GLYPH - 2, GLYPH);
        g.fillRect(28 + 2 * (GLYPH + 4), 286, GLYPH - 2, GLYPH);
        assertThat(checked(name).confidence()).isEqualTo(UnreadInk.CAPPED);
    }

    /**
     * Draws a transliterated name, {@code before} characters, the middle dot (a tenth of a character wide, as Hei and
     * Song print it) and {@code after} characters, in a box read {@code text}.
     */
    private OcrText.Line dottedName(String text, int before, int after, int x, int y) {
        g.setColor(Color.BLACK);
        int at = x + 8;
        for (int i = 0; i < before; i++, at += GLYPH + 4) {
            g.fillRect(at, y + 6, GLYPH - 2, GLYPH);
        }
        g.fillRect(at + 4, y + 6 + GLYPH / 2 - 2, GLYPH / 10, GLYPH / 10);
        at += GLYPH / 10 + 12;
        for (int i = 0; i < after; i++, at += GLYPH + 4) {
            g.fillRect(at, y + 6, GLYPH - 2, GLYPH);
        }
        OcrText.Line box = new OcrText.Line(text, 0.99, x, y, at - x + 8, GLYPH + 12);
        boxes.add(box);
        return box;
    }

    @Test
    void aTransliteratedNameIsMeasuredTooItsDotCountingForLittleInk() {
        // 买买提·艾力 read as 买买提·力: a name with a middle dot is Chinese characters too
        assertThat(checked(dottedName("买买提·力", 3, 2, 20, 220)).confidence()).isEqualTo(UnreadInk.CAPPED);
        assertThat(checked(dottedName("买买提.力", 3, 2, 20, 280)).confidence()).isEqualTo(UnreadInk.CAPPED);
        assertThat(checked(dottedName("阿卜杜热合曼·买买提", 6, 3, 20, 340)).confidence()).isEqualTo(0.99);
        assertThat(checked(dottedName("买买提·艾力", 3, 2, 20, 400)).confidence()).isEqualTo(0.99);
    }

    @Test
    void aNameReadWholeKeepsItsConfidence() {
        OcrText.Line name = box("叶喆建", 3, 20, 220, 4, 0);
        assertThat(checked(name).confidence()).isEqualTo(0.99);
    }

    @Test
    void letterSpacingIsNotInk() {
        OcrText.Line label = box("住址", 2, 20, 220, GLYPH + 10, 0); // 住　　址
        assertThat(checked(label).confidence()).isEqualTo(0.99);
    }

    @Test
    void theRuledLinesOfAGridCellAreNotInkOfItsText() {
        OcrText.Line value = box("汉族", 2, 400, 220, 4, 0);
        g.setColor(Color.BLACK);
        g.fillRect(value.x() + value.width() - 4, value.y() - 2, 3, value.height() + 4); // the cell's right rule
        g.fillRect(value.x() - 2, value.y() + value.height() - 3, value.width() + 4, 2); // and its bottom rule
        assertThat(checked(value).confidence()).isEqualTo(0.99);
    }

    @Test
    void digitsAndLettersAreLeftToTheirCheckCharacters() {
        OcrText.Line number = box("3301061997", 14, 20, 220, 4, 0);
        assertThat(checked(number).confidence()).isEqualTo(0.99);
    }

    @Test
    void aBoxWithoutContrastIsNotJudged() {
        OcrText.Line faint = box("文", 3, 20, 220, 4, 235);
        assertThat(checked(faint).confidence()).isEqualTo(0.99);
    }

    @Test
    void thePageGoesToTheEngineAsAGreyBmp() throws Exception {
        BufferedImage odd = new BufferedImage(7, 3, BufferedImage.TYPE_BYTE_GRAY); // rows padded to 8 bytes
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 7; x++) {
                odd.getRaster().setSample(x, y, 0, x * 30 + y);
            }
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(OcrScratch.bmp(odd)));
        assertThat(back.getWidth()).isEqualTo(7);
        assertThat(back.getHeight()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 7; x++) {
                assertThat(back.getRaster().getSample(x, y, 0)).as("%d,%d", x, y).isEqualTo(x * 30 + y);
            }
        }
    }
}
