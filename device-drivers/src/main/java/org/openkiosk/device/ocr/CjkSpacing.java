package org.openkiosk.device.ocr;

import java.util.regex.Pattern;

/** Tesseract's chi_sim output puts a space between Chinese characters; people and field parsers do not want it. */
final class CjkSpacing {
    private static final String CJK = "\\p{IsHan}，。、：；（）“”《》！？";
    private static final Pattern BETWEEN = Pattern.compile("(?<=[" + CJK + "])\\s+(?=[" + CJK + "])");
    private static final Pattern AROUND_DIGITS = Pattern.compile("(?<=[" + CJK + "])\\s+(?=[0-9])|(?<=[0-9])\\s+(?=[" + CJK + "])");

    private CjkSpacing() {
    }

    static String tidy(String line) {
        String s = BETWEEN.matcher(line.strip()).replaceAll("");
        return AROUND_DIGITS.matcher(s).replaceAll("");
    }
}
