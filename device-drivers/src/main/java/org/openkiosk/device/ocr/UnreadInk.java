package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds text boxes that hold ink for more characters than the engine read in them, and takes their confidence away.
 *
 * <p>PP-OCRv4's recogniser drops a character it has no glyph for, or one too faint to read, instead of guessing
 * it, and scores the characters it kept as certain: 肖䶮文 comes back as 肖文 and a card whose 喆建 is washed out as
 * 叶, both at 0.99. Such a name would be pre-filled wrong. A Chinese character is about as wide as it is tall, so
 * the inked width of a box (the columns holding ink, blank gaps such as letter spacing not counted) divided by its
 * ink height estimates how many characters it holds. The page's own boxes give its font's width per character (Song,
 * Hei and Kai differ); a box holding room for more than the characters read, beyond what the measurement spreads by,
 * gets a confidence of at most {@link #CAPPED}, below {@link FieldExtractor#MIN_CONFIDENCE}: its value is shown for
 * the resident to check, not pre-filled.
 *
 * <p>Only boxes read as Chinese characters alone are measured (names, transliterated ones with their middle dot too,
 * nations, places, issuing offices): digits and Latin letters vary too much in width from font to font, and ID
 * numbers and credit codes have check characters of their own.
 */
final class UnreadInk {
    /** Unread room of this many characters, plus {@link #SPREAD_PER_CHARACTER} per character read, is flagged. */
    static final double ROOM = 0.6;
    static final double SPREAD_PER_CHARACTER = 0.02;
    static final double CAPPED = 0.5;
    /** A name's middle dot, in characters: its ink is a tenth of a character wide in Hei and Song. */
    static final double DOT = 0.1;
    /** Width per character for a page with too few boxes to measure its font. */
    private static final double USUAL_WIDTH = 0.95;

    private UnreadInk() {
    }

    /**
     * @param grey  the page the engine read, 8-bit grey without row padding ({@link Grey#of})
     * @param boxes the engine's boxes on it (page pixels)
     * @return the boxes, those with unread ink given a confidence of at most {@link #CAPPED}
     */
    static List<OcrText.Line> check(BufferedImage grey, List<OcrText.Line> boxes) {
        double[] widths = new double[boxes.size()];
        double[] read = new double[boxes.size()];
        List<Double> perCharacter = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            OcrText.Line box = boxes.get(i);
            read[i] = characters(box.text());
            Ink ink = Double.isNaN(read[i]) ? null : ink(grey, box);
            widths[i] = Double.NaN;
            if (ink != null) {
                int from = 0;
                // a label read into the same box as its value (姓名肖文) is printed smaller and lighter than the
                // value: the value is measured alone, right of the last wide gap, the one that sets it apart
                String label = FieldExtractor.leadingLabel(box.text()).orElse("");
                if (!label.isEmpty() && read[i] > label.length()) {
                    from = ink.afterLastWideGap();
                    if (from > 0) {
                        read[i] -= label.length();
                    }
                }
                widths[i] = ink.width(from);
            }
            if (!Double.isNaN(widths[i]) && read[i] >= 2) {
                perCharacter.add(widths[i] / read[i]);
            }
        }
        double font = USUAL_WIDTH;
        if (perCharacter.size() >= 3) {
            perCharacter.sort(null);
            font = perCharacter.get(perCharacter.size() / 2);
        }
        List<OcrText.Line> out = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            OcrText.Line box = boxes.get(i);
            if (!Double.isNaN(widths[i]) && widths[i] / font - read[i] >= ROOM + SPREAD_PER_CHARACTER * read[i]
                    && box.confidence() > CAPPED) {
                box = box.doubted(CAPPED);
            }
            out.add(box);
        }
        return out;
    }

    /**
     * How many characters' ink {@code text} stands for when it is Chinese characters alone, a transliterated name's
     * middle dot (买买提·艾力, however it was read) counting {@link #DOT}; NaN for any other text.
     */
    static double characters(String text) {
        double n = 0;
        for (int c : FieldExtractor.personName(text).codePoints().toArray()) {
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                n++;
            } else if (c == '·' && n > 0) {
                n += DOT;
            } else {
                return Double.NaN;
            }
        }
        return n > 0 ? n : Double.NaN;
    }

    static boolean chineseOnly(String text) {
        return !text.isEmpty()
                && text.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /**
     * The columns of the box that hold ink of its text, and the height of that ink; null when the box has too little
     * contrast to tell ink from paper. Ruled lines of a grid crossing the box (columns or rows inked over nearly their
     * whole length) are not ink of its text.
     */
    static Ink ink(BufferedImage grey, OcrText.Line box) {
        int x0 = Math.max(0, box.x());
        int y0 = Math.max(0, box.y());
        int x1 = Math.min(grey.getWidth(), box.x() + box.width());
        int y1 = Math.min(grey.getHeight(), box.y() + box.height());
        int w = x1 - x0;
        int h = y1 - y0;
        if (w < 4 || h < 4) {
            return null;
        }
        byte[] page = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        int stride = grey.getWidth();
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = page[(y0 + y) * stride + x0 + x] & 0xff;
            }
        }
        int[] sorted = px.clone();
        Arrays.sort(sorted);
        int ink = sorted[(int) (0.03 * sorted.length)];
        int paper = sorted[(int) (0.70 * sorted.length)];
        if (paper - ink < 40) {
            return null;
        }
        // faint strokes count: a washed-out character is exactly what must be seen
        int threshold = paper - (int) Math.round(0.35 * (paper - ink));
        boolean[] on = new boolean[w * h];
        int[] col = new int[w];
        int[] row = new int[h];
        for (int i = 0; i < px.length; i++) {
            if (px[i] < threshold) {
                on[i] = true;
                col[i % w]++;
                row[i / w]++;
            }
        }
        clearRules(on, col, row, w, true);
        clearRules(on, row, col, w, false);
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < h; y++) {
            if (row[y] >= 2) {
                top = top < 0 ? y : top;
                bottom = y;
            }
        }
        if (top < 0) {
            return null;
        }
        return new Ink(col, bottom - top + 1);
    }

    /** Ink per column of a box, and the height of its ink. */
    record Ink(int[] columns, int height) {
        /**
         * The inked width of the columns from {@code from} on, in units of the ink height. Columns holding ink count
         * in runs: a blank gap of an eighth of the height or more (between characters, or letter spacing) is not
         * counted, a narrower one (inside a character, as in 叶 or 川) is.
         */
        double width(int from) {
            int gap = Math.max(2, height / 8);
            int inked = 0;
            int start = -1;
            int last = -1;
            for (int x = from; x < columns.length; x++) {
                if (columns[x] > 0) {
                    if (start < 0) {
                        start = x;
                    } else if (x - last - 1 >= gap) {
                        inked += last - start + 1;
                        start = x;
                    }
                    last = x;
                }
            }
            if (start >= 0) {
                inked += last - start + 1;
            }
            return (double) inked / height;
        }

        /**
         * The first inked column after the last blank gap of half the height or more, the one that sets a value apart
         * from its label (a letter-spaced label may have wider gaps inside it); 0 when there is none.
         */
        int afterLastWideGap() {
            int after = 0;
            int last = -1;
            for (int x = 0; x < columns.length; x++) {
                if (columns[x] > 0) {
                    if (last >= 0 && (x - last - 1) * 2 >= height) {
                        after = x;
                    }
                    last = x;
                }
            }
            return after;
        }
    }

    /**
     * Clears the columns ({@code columns}) or rows inked over more than 85 % of their length, the ruled lines of a
     * grid, and takes their pixels off the counts across them.
     *
     * @param lines  ink per column (or row), cleared lines set to 0
     * @param across ink per row (or column)
     * @param w      the box's width (the stride of {@code on})
     */
    private static void clearRules(boolean[] on, int[] lines, int[] across, int w, boolean columns) {
        int length = across.length;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] > 0.85 * length) {
                for (int j = 0; j < length; j++) {
                    int at = columns ? j * w + i : i * w + j;
                    if (on[at]) {
                        on[at] = false;
                        across[j]--;
                    }
                }
                lines[i] = 0;
            }
        }
    }
}
