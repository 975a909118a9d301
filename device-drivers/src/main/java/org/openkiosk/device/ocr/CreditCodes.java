package org.openkiosk.device.ocr;

/** Unified social credit codes of organisations (GB 32100-2015), as printed on business licences. */
public final class CreditCodes {
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCodes() {
    }

    /** Whether {@code code} is 18 characters of the code's alphabet ending in the right check character. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return code.charAt(17) == checkChar(code.substring(0, 17));
    }

    /**
     * The check character for the first 17 characters: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28,
     * check = (31 - sum mod 31) mod 31, as a character of "0123456789ABCDEFGHJKLMNPQRTUWXY".
     *
     * @throws IllegalArgumentException unless {@code first17} is 17 characters of that alphabet
     */
    public static char checkChar(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("need exactly 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not in the credit code alphabet");
            }
            sum += v * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }
}
