package org.openkiosk.centre.core;

/**
 * Text from outside (a user name typed at the login) made safe for one log line: control characters
 * (CR, LF, escape, ...) and line separators written as {@code \\uXXXX}, and cut to a length, so nobody
 * can forge a log line or flood the log through what they type.
 */
public final class LogSafe {

    private LogSafe() {
    }

    /** {@code s} with control characters escaped and at most {@code max} characters of it kept. */
    public static String text(String s, int max) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
        int kept = Math.min(s.length(), max);
        for (int i = 0; i < kept; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\') {
                b.append(c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > max) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
