package org.openkiosk.print;

import java.util.Objects;

/** Hides most of a personal number before it goes on paper a resident may leave behind. */
public final class Masking {
    private Masking() {
    }

    /**
     * Masks an identity number: at most the first 6 (region) and last 4 characters stay, every other character
     * becomes {@code *}: {@code 110101199003071234} gives {@code 110101********1234}. Numbers shorter than 15
     * characters (passports, permits) keep a quarter at each end; fewer than 4 characters are masked whole.
     */
    public static String idNumber(String id) {
        String s = Objects.requireNonNull(id, "id").strip();
        int n = s.length();
        int head = n >= 15 ? 6 : n / 4;
        int tail = n >= 15 ? 4 : n / 4;
        return s.substring(0, head) + "*".repeat(n - head - tail) + s.substring(n - tail);
    }
}
