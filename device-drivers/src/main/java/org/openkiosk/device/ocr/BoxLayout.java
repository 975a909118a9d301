package org.openkiosk.device.ocr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Label/value pairs read by position from an engine's text boxes, as real papers print them: a value to the right of
 * its label on the same line or in the neighbouring cell of a ruled grid, labels printed with wide letter spacing
 * ({@code 名　　称}, read as two boxes), labels set on two lines in a narrow cell ({@code 公民身份 / 号码}), and
 * values that wrap onto the lines below within their own column (an address, a business scope) without taking the
 * next label's text. Pure: boxes in, values out.
 */
final class BoxLayout {
    /** One box after merging and splitting: a label or a piece of text. */
    record Box(String text, double confidence, double x, double y, double w, double h, boolean label) {
        double right() {
            return x + w;
        }

        double bottom() {
            return y + h;
        }

        double centreY() {
            return y + h / 2;
        }
    }

    /** How a value may go on onto the lines below its first. */
    enum Wrap {
        /** Not at all: the value is what stands beside its label. */
        NONE,
        /**
         * Onto the lines below that start where it starts, up to a line holding a label in its column: an address, a
         * business scope with another column of labels and values beside it.
         */
        COLUMN,
        /**
         * As {@link #COLUMN}, and only onto lines holding no label at all: a long name on an ID card, whose next row
         * holds 性别 and 民族 (with 性别 unseen, the sex beside it must still not become part of the name).
         */
        ALONE
    }

    /** A value read beside its label: its text, its least certain box's confidence, the line of the page it is on. */
    record Value(String text, double confidence, int line, String lineText) {
    }

    private final Set<String> labels;
    private final List<Box> boxes;
    private final List<Double> lineTops;
    private final List<String> lineTexts;

    /**
     * @param raw    the engine's boxes (page pixels)
     * @param labels every label the paper may print, in {@link #key} form (compact, folded); values stop at any of them
     */
    BoxLayout(List<OcrText.Line> raw, Set<String> labels, List<OcrText.Line> lines) {
        this.labels = labels;
        List<Box> b = new ArrayList<>();
        for (OcrText.Line l : raw) {
            String t = key(l.text());
            if (!t.isEmpty()) {
                b.add(new Box(t, l.confidence(), l.x(), l.y(), l.width(), Math.max(1, l.height()), false));
            }
        }
        b = mergeAcross(b);
        b = mergeDown(b);
        this.boxes = split(b);
        this.lineTops = lines.stream().map(l -> (double) l.y() + l.height() / 2.0).toList();
        this.lineTexts = lines.stream().map(OcrText.Line::text).toList();
    }

    List<Box> boxes() {
        return boxes;
    }

    /**
     * Compact: no whitespace, full-width letters, digits and colons as ASCII ({@link FieldExtractor#normalise}), no
     * colon at either end; every other character as read (brackets, ideographs: a value stays as printed).
     */
    static String key(String s) {
        String n = FieldExtractor.normalise(s);
        StringBuilder b = new StringBuilder(n.length());
        n.codePoints().filter(c -> !Character.isWhitespace(c) && c != '\u3000').forEach(b::appendCodePoint);
        String k = b.toString();
        while (k.endsWith(":")) {
            k = k.substring(0, k.length() - 1);
        }
        while (k.startsWith(":")) {
            k = k.substring(1);
        }
        return k;
    }

    private boolean isLabel(String k) {
        return labels.contains(k);
    }

    private boolean isLabelPrefix(String k) {
        for (String l : labels) {
            if (l.length() > k.length() && l.startsWith(k)) {
                return true;
            }
        }
        return false;
    }

    /** The longest label {@code k} starts with, or empty. */
    private String labelAtStart(String k) {
        String best = "";
        for (String l : labels) {
            if (l.length() > best.length() && k.startsWith(l)) {
                best = l;
            }
        }
        return best;
    }

    private String soleTwoCharacterLabel(String k) {
        if (k.length() != 1) {
            return null;
        }
        String found = null;
        for (String l : labels) {
            if (l.startsWith(k)) {
                if (found != null || l.length() != 2) {
                    return null;
                }
                found = l;
            }
        }
        return found;
    }

    private static boolean sameRow(Box a, Box b) {
        double top = Math.max(a.y(), b.y());
        double bottom = Math.min(a.bottom(), b.bottom());
        return bottom - top > 0.5 * Math.min(a.h(), b.h());
    }

    /**
     * A label printed with wide letter spacing, read as several short boxes on one line ({@code 名} {@code 称}, or
     * {@code 注册} {@code 资本人民币...}): joined into one label box, any value read into its last box split off.
     */
    private List<Box> mergeAcross(List<Box> in) {
        List<Box> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.comparingDouble(Box::x));
        List<Box> out = new ArrayList<>();
        boolean[] used = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            if (used[i]) {
                continue;
            }
            Box first = sorted.get(i);
            if (first.text().length() > 3 || !isLabelPrefix(first.text()) || isLabel(first.text())) {
                out.add(first);
                continue;
            }
            StringBuilder joined = new StringBuilder(first.text());
            List<Integer> taken = new ArrayList<>(List.of(i));
            Box last = first;
            Box merged = null;
            Box rest = null;
            for (int j = i + 1; j < sorted.size() && taken.size() < 6; j++) {
                Box next = sorted.get(j);
                if (used[j] || !sameRow(first, next)) {
                    continue;
                }
                if (next.x() - last.right() > 6 * first.h()) {
                    break;
                }
                String candidate = joined + next.text();
                String label = labelAtStart(candidate);
                if (label.length() > joined.length()) {
                    // the label ends within this box: what follows in it is the value
                    taken.add(j);
                    int inNext = label.length() - joined.length();
                    double perChar = next.w() / Math.max(1, next.text().length());
                    double labelRight = next.x() + perChar * inNext;
                    merged = new Box(label, Math.min(first.confidence(), next.confidence()), first.x(), Math.min(first.y(), next.y()),
                            labelRight - first.x(), Math.max(first.bottom(), next.bottom()) - Math.min(first.y(), next.y()), true);
                    if (inNext < next.text().length()) {
                        rest = new Box(next.text().substring(inNext), next.confidence(), labelRight, next.y(),
                                next.right() - labelRight, next.h(), false);
                    }
                    break;
                }
                if (next.text().length() <= 3 && isLabelPrefix(candidate)) {
                    joined.append(next.text());
                    taken.add(j);
                    last = next;
                    continue;
                }
                break;
            }
            if (merged == null) {
                // the engine saw only the first character of a two-character label printed wide (姓　　名): when it
                // begins no other label, it stands for the whole label
                String only = soleTwoCharacterLabel(first.text());
                out.add(only == null ? first : new Box(only, first.confidence(), first.x(), first.y(), first.w(),
                        first.h(), true));
                continue;
            }
            for (int t : taken) {
                used[t] = true;
            }
            out.add(merged);
            if (rest != null) {
                out.add(rest);
            }
        }
        return out;
    }

    /** A label set on two lines in a narrow cell ({@code 户主或与} over {@code 户主关系}): joined into one label box. */
    private List<Box> mergeDown(List<Box> in) {
        List<Box> list = new ArrayList<>(in);
        list.sort(Comparator.comparingDouble(Box::y));
        boolean changed = true;
        while (changed) {
            changed = false;
            outer:
            for (int i = 0; i < list.size(); i++) {
                Box a = list.get(i);
                if (isLabel(a.text()) && !isLabelPrefix(a.text())) {
                    continue;
                }
                for (int j = 0; j < list.size(); j++) {
                    Box b = list.get(j);
                    if (i == j || b.y() < a.centreY()) {
                        continue;
                    }
                    double gap = b.y() - a.bottom();
                    double overlapX = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
                    if (gap > 0.9 * Math.min(a.h(), b.h()) || gap < -0.5 * Math.min(a.h(), b.h())
                            || overlapX < 0.4 * Math.min(a.w(), b.w())) {
                        continue;
                    }
                    String joined = a.text() + b.text();
                    if (isLabel(joined)) {
                        Box m = new Box(joined, Math.min(a.confidence(), b.confidence()), Math.min(a.x(), b.x()), a.y(),
                                Math.max(a.right(), b.right()) - Math.min(a.x(), b.x()), b.bottom() - a.y(), true);
                        list.remove(Math.max(i, j));
                        list.remove(Math.min(i, j));
                        list.add(m);
                        list.sort(Comparator.comparingDouble(Box::y));
                        changed = true;
                        break outer;
                    }
                }
            }
        }
        return list;
    }

    /** Boxes that begin with a label ({@code 性别男}, {@code 住所北京市...}): split into the label and its value. */
    private List<Box> split(List<Box> in) {
        List<Box> out = new ArrayList<>();
        for (Box b : in) {
            if (b.label()) {
                out.add(b);
                continue;
            }
            Box rest = b;
            while (true) {
                String label = labelAtStart(rest.text());
                if (label.isEmpty()) {
                    out.add(rest);
                    break;
                }
                double perChar = rest.w() / Math.max(1, rest.text().length());
                double labelRight = rest.x() + perChar * label.length();
                out.add(new Box(label, rest.confidence(), rest.x(), rest.y(), labelRight - rest.x(), rest.h(), true));
                String value = rest.text().substring(label.length());
                if (value.isEmpty()) {
                    break;
                }
                // a value followed by the next label in the same box ("男民族汉"): cut there
                int cut = value.length();
                for (int at = 1; at < value.length(); at++) {
                    String l = labelAtStart(value.substring(at));
                    if (l.length() >= 2) {
                        cut = at;
                        break;
                    }
                }
                Box v = new Box(value.substring(0, cut), rest.confidence(), labelRight, rest.y(),
                        perChar * cut, rest.h(), false);
                if (cut == value.length()) {
                    out.add(v);
                    break;
                }
                out.add(v);
                rest = new Box(value.substring(cut), rest.confidence(), labelRight + perChar * cut, rest.y(),
                        rest.right() - labelRight - perChar * cut, rest.h(), false);
            }
        }
        return out;
    }

    /** The label's box: the topmost one printing exactly this label. */
    Optional<Box> label(String label) {
        return boxes.stream().filter(b -> b.label() && b.text().equals(label)).min(Comparator.comparingDouble(Box::y));
    }

    /**
     * The value beside {@code label}: the boxes to its right on its line (or in the neighbouring cell) up to the next
     * label; and as {@code wrap} allows, the lines below that start where the value starts, up to a line holding a
     * label in the same column (or anywhere) or a gap wider than a line.
     */
    Optional<Value> value(String label, Wrap wrap) {
        Optional<Box> found = label(label);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Box l = found.get();
        List<Box> right = boxes.stream()
                .filter(b -> b != l && b.x() >= l.right() - 0.5 * Math.min(l.h(), b.h()) && overlapsRow(l, b))
                .sorted(Comparator.comparingDouble(Box::x)).toList();
        List<Box> parts = new ArrayList<>();
        double lastRight = l.right();
        for (Box b : right) {
            if (b.label()) {
                break;
            }
            if (!parts.isEmpty() && b.x() - lastRight > 4 * b.h()) {
                break;
            }
            parts.add(b);
            lastRight = b.right();
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        if (wrap != Wrap.NONE) {
            Box first = parts.get(0);
            Box prev = parts.stream().max(Comparator.comparingDouble(Box::bottom)).orElseThrow();
            while (true) {
                Box lineAbove = prev;
                Optional<Box> next = boxes.stream()
                        .filter(b -> !b.label() && !parts.contains(b) && b.y() > lineAbove.centreY()
                                && b.y() - lineAbove.bottom() < 0.9 * lineAbove.h()
                                && Math.abs(b.x() - first.x()) < 1.5 * first.h())
                        .min(Comparator.comparingDouble(Box::y));
                if (next.isEmpty()) {
                    break;
                }
                Box n = next.get();
                // a label on the line stops the value: in its column, or (ALONE) anywhere on it
                boolean labelStops = boxes.stream().anyMatch(b -> b.label() && overlapsRow(b, n)
                        && (wrap == Wrap.ALONE || b.x() < n.x() && b.right() > l.x() - 2 * l.h()));
                if (labelStops) {
                    break;
                }
                parts.add(n);
                prev = n;
            }
        }
        StringBuilder text = new StringBuilder();
        double conf = 1;
        for (Box p : parts) {
            text.append(p.text());
            conf = Math.min(conf, p.confidence());
        }
        Box first = parts.get(0);
        int line = lineOf(first);
        return Optional.of(new Value(text.toString(), conf, line + 1,
                line >= 0 && line < lineTexts.size() ? lineTexts.get(line) : first.text()));
    }

    private static boolean overlapsRow(Box label, Box b) {
        double top = Math.max(label.y(), b.y());
        double bottom = Math.min(label.bottom(), b.bottom());
        // a label set on two lines stands beside a value centred on one
        return bottom - top > 0.5 * Math.min(label.h(), b.h());
    }

    private int lineOf(Box b) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < lineTops.size(); i++) {
            double d = Math.abs(lineTops.get(i) - b.centreY());
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
