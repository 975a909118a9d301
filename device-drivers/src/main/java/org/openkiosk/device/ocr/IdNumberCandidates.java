package org.openkiosk.device.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openkiosk.device.idcard.IdNumbers;

/**
 * Chooses an identity number among the candidates a reading gives, by its check character (GB 11643: a real birth
 * date and the weighted check). Candidates are every run of 18 digits in the text and the same runs with the
 * letters an engine reads for digits put back as digits ({@code O}→0, {@code l}/{@code I}→1, {@code Z}→2,
 * {@code S}→5, {@code B}→8 ..., and {@code x}/{@code ×} as the check character X); the first that passes its
 * check is taken. When none passes, the first run read as 17 digits and a check character is returned, so that it
 * fails its check downstream and is shown for the resident to confirm rather than silently dropped. Pure.
 */
final class IdNumberCandidates {
    /** 18 characters that are digits or letters read for digits, not inside a longer run of letters and digits. */
    private static final Pattern RUN = Pattern.compile("(?<![0-9A-Za-z])[0-9OoDQIl|iZzSsBbGgqXx×]{18}(?![0-9A-Za-z])");
    private static final Pattern NUMBER = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    /** A run needs this many real digits before letters in it are read as digits. */
    static final int MIN_DIGITS = 14;

    private IdNumberCandidates() {
    }

    /** The checked number in {@code text}, or the first unchecked one, or empty when it holds none. */
    static Optional<String> choose(String text) {
        List<String> checked = new ArrayList<>();
        String firstAsRead = null;
        // a number split by spaces (5301021960 0305 1997) is one number
        String t = text.replaceAll("(?<=[0-9])[ \\t]+(?=[0-9Xx])", "");
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            String id = m.group().toUpperCase(Locale.ROOT);
            if (IdNumbers.isValid(id)) {
                return Optional.of(id);
            }
            if (firstAsRead == null) {
                firstAsRead = id;
            }
        }
        Matcher r = RUN.matcher(t);
        while (r.find()) {
            String run = r.group();
            if (digits(run) >= MIN_DIGITS) {
                String id = asDigits(run);
                if (IdNumbers.isValid(id)) {
                    checked.add(id);
                }
            }
        }
        if (!checked.isEmpty()) {
            return Optional.of(checked.get(0));
        }
        return Optional.ofNullable(firstAsRead);
    }

    /** Whether {@code id} passes its check. */
    static boolean valid(String id) {
        return IdNumbers.isValid(id);
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** The run with letters read for digits put back; the last place may be the check character X. */
    static String asDigits(String run) {
        StringBuilder sb = new StringBuilder(18);
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (i == run.length() - 1 && (c == 'X' || c == 'x' || c == '×')) {
                sb.append('X');
                continue;
            }
            sb.append(switch (c) {
                case 'O', 'o', 'D', 'Q' -> '0';
                case 'I', 'l', '|', 'i' -> '1';
                case 'Z', 'z' -> '2';
                case 'S', 's' -> '5';
                case 'b', 'G' -> '6';
                case 'B' -> '8';
                case 'g', 'q' -> '9';
                default -> c;
            });
        }
        return sb.toString();
    }
}
