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

    /** One line (or box) of text and where it stands on the page. */
    public record Line(String text, double confidence, int x, int y, int width, int height) {
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

    public static OcrText of(List<Line> lines) {
        return of(lines, List.of());
    }

    public static OcrText of(List<Line> lines, List<Line> boxes) {
        String text = String.join("\n", lines.stream().map(Line::text).toList());
        double conf = lines.stream().mapToDouble(Line::confidence).average().orElse(0);
        return new OcrText(text, conf, lines, boxes);
    }
}
