package org.openkiosk.app.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;

/**
 * A dead letter taken off the kiosk by a technician ({@code ./kiosk sync dead-letter export}): the whole application
 * (personal data and documents) as JSON, encrypted with AES-256-GCM under a key derived from a passphrase the
 * technician chooses (PBKDF2-HMAC-SHA256, 600,000 iterations, random salt), at least {@value #MIN_PASSPHRASE}
 * characters. The envelope shows only the format, the application number and the KDF parameters; the header is
 * authenticated with the ciphertext. The technician's short PIN is not used as the key: a 6-digit PIN is found by
 * trying them all in minutes, offline.
 */
public final class DeadLetterExport {

    public static final String FORMAT = "openkiosk-dead-letter/1";
    public static final int MIN_PASSPHRASE = 12;
    static final int ITERATIONS = 600_000;

    private DeadLetterExport() {
    }

    /** The sealed export file's bytes. */
    public static byte[] seal(ApplicationSubmission app, char[] passphrase) {
        requireStrong(passphrase);
        ObjectMapper json = Json.mapper();
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        ObjectNode env = json.createObjectNode();
        env.put("format", FORMAT);
        env.put("applicationNo", app.applicationNo());
        env.put("kdf", "PBKDF2WithHmacSHA256");
        env.put("iterations", ITERATIONS);
        env.put("salt", Base64.getEncoder().encodeToString(salt));
        env.put("nonce", Base64.getEncoder().encodeToString(nonce));
        byte[] plain = null;
        try {
            plain = json.writeValueAsBytes(app);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(passphrase, salt, ITERATIONS), new GCMParameterSpec(128, nonce));
            c.updateAAD(header(env));
            env.put("ciphertext", Base64.getEncoder().encodeToString(c.doFinal(plain)));
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(env);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the dead letter: " + e.getMessage(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * The application in an export file.
     *
     * @throws IllegalArgumentException not an export file, or the passphrase is wrong, or the file was altered
     */
    public static ApplicationSubmission open(byte[] file, char[] passphrase) {
        ObjectMapper json = Json.mapper();
        try {
            JsonNode node = json.readTree(file);
            if (node == null || !FORMAT.equals(node.path("format").asText())) {
                throw new IllegalArgumentException("not a dead-letter export (" + FORMAT + ")");
            }
            ObjectNode env = ((ObjectNode) node).deepCopy();
            byte[] sealed = Base64.getDecoder().decode(env.remove("ciphertext").asText());
            int iterations = env.path("iterations").asInt();
            if (iterations < 100_000 || iterations > 10_000_000) {
                throw new IllegalArgumentException("implausible iteration count " + iterations);
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(passphrase, Base64.getDecoder().decode(env.path("salt").asText()), iterations),
                    new GCMParameterSpec(128, Base64.getDecoder().decode(env.path("nonce").asText())));
            c.updateAAD(header(env));
            return json.readValue(c.doFinal(sealed), ApplicationSubmission.class);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("wrong passphrase, or the export file was altered");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable dead-letter export: " + e.getMessage(), e);
        }
    }

    public static void requireStrong(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("the export passphrase must be at least " + MIN_PASSPHRASE
                    + " characters");
        }
    }

    private static byte[] header(ObjectNode env) throws IOException {
        ObjectNode h = env.deepCopy();
        h.remove("ciphertext");
        return Json.mapper().writeValueAsString(h).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec key(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            return new SecretKeySpec(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded(), "AES");
        } finally {
            spec.clearPassword();
        }
    }
}
