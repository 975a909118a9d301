package org.openkiosk.app.diag;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The technician's PIN, kept only as a salted PBKDF2-HMAC-SHA256 hash in {@code technician.pin-hash}:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in base64). A PIN is 6 to 12 digits.
 */
public final class TechnicianPin {
    public static final int ITERATIONS = 120_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TechnicianPin() {
    }

    /** Why {@code pin} cannot be a technician PIN, or null when it can. */
    public static String problem(char[] pin) {
        if (pin == null || pin.length < 6 || pin.length > 12) {
            return "a technician PIN has 6 to 12 digits";
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                return "a technician PIN has digits only";
            }
        }
        boolean allSame = true;
        for (char c : pin) {
            allSame &= c == pin[0];
        }
        return allSame ? "a PIN of one digit repeated is too easy to guess" : null;
    }

    /** A new salted hash of {@code pin}, for the configuration. */
    public static String hash(char[] pin) {
        String problem = problem(pin);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(pin, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code pin} is the one {@code stored} was made from; false for a malformed {@code stored}. */
    public static boolean matches(char[] pin, String stored) {
        if (pin == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(pin, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Overwrites a PIN held in memory. */
    public static void wipe(char[] pin) {
        if (pin != null) {
            Arrays.fill(pin, '\0');
        }
    }
}
