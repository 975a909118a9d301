package org.openkiosk.device.ocr;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;

/**
 * The bench set's scoring rules (as the bench set's own scorer, score_ocr.py, applies them): character error rate after
 * NFKC, quote and full-stop folding and removing whitespace; fields compared exactly under the same folding (a nation
 * with or without its 族).
 */
public final class OcrScore {
    private OcrScore() {
    }

    public static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        n = n.replace('“', '"').replace('”', '"').replace('‘', '\'').replace('’', '\'').replace('，', ',').replace('。', '.');
        StringBuilder b = new StringBuilder(n.length());
        n.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Edit distance between the normalised texts. */
    public static int errors(String read, String truth) {
        int[] a = normalise(read).codePoints().toArray();
        int[] b = normalise(truth).codePoints().toArray();
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    /** Characters of the truth, as counted for the error rate. */
    public static int length(String truth) {
        return normalise(truth).codePointCount(0, normalise(truth).length());
    }

    /** How many of the truth's fields were read exactly. */
    public static int exactFields(Map<String, String> read, Map<String, String> truth) {
        int ok = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            if (exact(e.getKey(), read.getOrDefault(e.getKey(), ""), e.getValue())) {
                ok++;
            }
        }
        return ok;
    }

    /** Whether one field was read exactly. */
    public static boolean exact(String field, String read, String truth) {
        String got = normalise(read);
        String want = normalise(truth);
        if (field.equals("nation")) { // 汉 (ID card) and 汉族 (household register) name the same nation
            got = withoutZu(got);
            want = withoutZu(want);
        }
        return got.equals(want);
    }

    private static String withoutZu(String nation) {
        return nation.endsWith("族") ? nation.substring(0, nation.length() - 1) : nation;
    }

    /** The median of the values (mean of the middle two for an even count); NaN for none. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
