package org.openkiosk.device.idcard;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Citizen identity numbers (GB 11643-1999), also used by the J card and the 2023 foreigner's card. */
public final class IdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";

    private IdNumbers() {
    }

    /**
     * Whether {@code id18} is 17 digits with a real birth date at positions 7-14, followed by the right check
     * character ({@code X} may be written in lower case). Never throws.
     */
    public static boolean isValid(String id18) {
        if (id18 == null || id18.length() != 18) {
            return false;
        }
        String first17 = id18.substring(0, 17);
        if (!allDigits(first17) || !realDate(first17.substring(6, 14))) {
            return false;
        }
        return Character.toUpperCase(id18.charAt(17)) == checkChar(first17);
    }

    /**
     * The check character for the first 17 digits: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexes
     * "10X98765432".
     *
     * @throws IllegalArgumentException unless {@code first17} is exactly 17 ASCII digits
     */
    public static char checkChar(String first17) {
        if (first17 == null || first17.length() != 17 || !allDigits(first17)) {
            throw new IllegalArgumentException("need exactly 17 digits, got " + (first17 == null ? "null"
                    : first17.length() + " characters"));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean realDate(String yyyymmdd) {
        try {
            LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)), Integer.parseInt(yyyymmdd.substring(4, 6)),
                    Integer.parseInt(yyyymmdd.substring(6, 8)));
            return true;
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
    }
}
