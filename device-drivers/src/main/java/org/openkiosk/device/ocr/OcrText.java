package org.openkiosk.device.ocr;

import java.util.List;

/**
 * What an engine read on one page.
 *
 * @param text       the lines in reading order, joined by newlines
 * @param confidence mean confidence from 0 to 1
 * @param lines      each line with its confidence and box (page pixels)
 * @param boxes      the engine's own text boxes before they were joined into lines (each with its confidence and
 *                   place), for reading tables and label/value pairs by position; empty when the engine gives none
 */
public record OcrText(String text, double confidence, List<Line> lines, List<Line> boxes) {
    public OcrText {
        lines = List.copyOf(lines);
        boxes = List.copyOf(boxes);
    }

    public OcrText(String text, double confidence, List<Line> lines) {
        this(text, confidence, lines, List.of());
    }

    /**
     * One line (or box) of text and where it stands on the page.
     *
     * @param otherReadings for a box with a character read without confidence, the whole box read with the
     *                      recogniser's next guesses for that character instead, likeliest first (余晨垄: 余晨垫,
     *                      余晨堃), for the resident to choose from rather than type; empty for other boxes and lines
     */
    public record Line(String text, double confidence, int x, int y, int width, int height, List<String> otherReadings) {
        public Line {
            otherReadings = List.copyOf(otherReadings);
        }

        public Line(String text, double confidence, int x, int y, int width, int height) {
            this(text, confidence, x, y, width, height, List.of());
        }

        /** The same box, trusted no more than {@code at most}. */
        Line doubted(double atMost) {
            return new Line(text, Math.min(confidence, atMost), x, y, width, height, otherReadings);
        }

        int right() {
            return x + width;
        }

        int bottom() {
            return y + height;
        }

        double centreY() {
            return y + height / 2.0;
        }
    }

    /**
     * {@code text} with one character changed to each of the characters {@code candidates} gives for its place, place
     * by place from the left, each place's candidates in their order.
     */
    static List<String> oneChanged(String text, java.util.function.IntFunction<String> candidates) {
        int[] chars = text.codePoints().toArray();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < chars.length; i++) {
            int at = i;
            candidates.apply(i).codePoints().forEach(c -> {
                int[] other = chars.clone();
                other[at] = c;
                out.add(new String(other, 0, other.length));
            });
        }
        return out;
    }

    public static OcrText of(List<Line> lines) {
        return of(lines, List.of());
    }

    public static OcrText of(List<Line> lines, List<Line> boxes) {
        String text = String.join("\n", lines.stream().map(Line::text).toList());
        double conf = lines.stream().mapToDouble(Line::confidence).average().orElse(0);
        return new OcrText(text, conf, lines, boxes);
    }
}
