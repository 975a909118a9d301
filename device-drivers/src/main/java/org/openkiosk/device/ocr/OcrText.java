package org.openkiosk.device.ocr;

import java.util.List;

/**
 * What an engine read on one page.
 *
 * @param text       the lines in reading order, joined by newlines
 * @param confidence mean confidence from 0 to 1
 * @param lines      each line with its confidence and box (page pixels)
 */
public record OcrText(String text, double confidence, List<Line> lines) {
    public OcrText {
        lines = List.copyOf(lines);
    }

    /** One line of text and where it stands on the page. */
    public record Line(String text, double confidence, int x, int y, int width, int height) {
    }

    public static OcrText of(List<Line> lines) {
        String text = String.join("\n", lines.stream().map(Line::text).toList());
        double conf = lines.stream().mapToDouble(Line::confidence).average().orElse(0);
        return new OcrText(text, conf, lines);
    }
}
