package org.openkiosk.app.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the residents' personal data the kiosk keeps: AES-256-GCM, a fresh 96-bit nonce per
 * value (stored in front of the ciphertext), the row's identity as associated data so a value
 * cannot be moved to another row unnoticed. The store key never lies in the database file: it is sealed to the
 * TPM, or kept in its own file ({@code store.key}, owner-only) where there is none ({@link StoreKeyVault}). Each
 * application's data is encrypted with its own key, wrapped by the store key ({@link ApplicationKeys}).
 */
public final class PersonalDataCipher {

    public static final String KEY_FILE = "store.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecretKeySpec indexKey;
    private final SecureRandom random = new SecureRandom();

    PersonalDataCipher(byte[] keyBytes) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the store key must be 32 bytes, not " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.indexKey = new SecretKeySpec(hmac(new SecretKeySpec(keyBytes, "HmacSHA256"),
                "openkiosk id-index v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    /**
     * The store key of {@code dataDir} as {@code store.tpm=auto} keeps it ({@link StoreKeyVault}): sealed to the TPM
     * when there is one, else {@code store.key}, owner read/write only, created on first use.
     */
    public static PersonalDataCipher forDataDir(Path dataDir) {
        return new PersonalDataCipher(StoreKeyVault.storeKey(dataDir, StoreKeyVault.AUTO));
    }

    /** Nonce followed by ciphertext and tag. */
    byte[] encrypt(byte[] plain, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** @throws StoreException when the value was altered, moved or encrypted under another key */
    byte[] decrypt(byte[] stored, String context) {
        if (stored == null || stored.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new StoreException("an encrypted value is truncated (" + context + ")", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new StoreException("an encrypted value does not decrypt (" + context
                    + "): altered, or the store key is not the one it was written with", e);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot decrypt (" + context + ")", e);
        }
    }

    /** A keyed, irreversible index of an ID number, for looking up a resident's applications. */
    String idIndex(String idNumber) {
        return HexFormat.of().formatHex(hmac(indexKey, idNumber.strip().toUpperCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
