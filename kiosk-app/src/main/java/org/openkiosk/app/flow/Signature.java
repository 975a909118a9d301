package org.openkiosk.app.flow;

import java.util.List;

/**
 * A handwritten signature as the resident drew it on the pad: the strokes (finger down to finger up), each a list of
 * points in the pad's own coordinates, and the pad's size, so that it can be drawn again at any size (the application
 * form). Kept as strokes, never as a picture on disk; it lives in the resident's session and goes with it.
 */
public record Signature(List<List<Point>> strokes, double width, double height) {
    public record Point(double x, double y) {
    }

    public Signature {
        strokes = strokes.stream().filter(s -> !s.isEmpty()).map(List::copyOf).toList();
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a signature pad has a size");
        }
    }

    /** A signature worth the name: at least one stroke with some length to it, not a stray tap. */
    public boolean drawn() {
        return strokes.stream().anyMatch(s -> s.size() >= 3);
    }

    /**
     * Each stroke as {@code "x,y x,y ..."} with x and y as fractions (0 to 1) of the pad's width and height, y from the
     * top: how the application form's template takes a signature.
     */
    public List<String> asFractions() {
        return strokes.stream().map(s -> String.join(" ", s.stream()
                .map(p -> fraction(p.x() / width) + "," + fraction(p.y() / height)).toList())).toList();
    }

    private static String fraction(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", Math.max(0, Math.min(1, v)));
    }
}
