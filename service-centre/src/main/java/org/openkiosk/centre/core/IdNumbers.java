package org.openkiosk.centre.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** How ID numbers are shown to staff who may not see them in full (viewers). */
public final class IdNumbers {

    /** A resident ID number (18 characters) or an old 15-digit one, wherever it stands in a text. */
    private static final Pattern ID = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[0-9Xx]|\\d{15})(?![0-9A-Za-z])");

    private IdNumbers() {
    }

    /** {@code 110105199003071234} → {@code 110105********1234}: the region and the last four kept; short ones all masked. */
    public static String mask(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        String s = idNumber.strip();
        if (s.length() < 11) {
            return "*".repeat(s.length());
        }
        return s.substring(0, 6) + "*".repeat(s.length() - 10) + s.substring(s.length() - 4);
    }

    /** The text with every ID number in it masked. */
    public static String maskWithin(String text) {
        return text == null ? null : ID.matcher(text).replaceAll(m -> mask(m.group()));
    }

    /** The fields with every ID number in their values masked. */
    public static Map<String, String> maskWithin(Map<String, String> fields) {
        if (fields == null) {
            return null;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        fields.forEach((k, v) -> masked.put(k, maskWithin(v)));
        return masked;
    }
}
