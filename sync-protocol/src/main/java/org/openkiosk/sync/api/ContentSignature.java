package org.openkiosk.sync.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

/**
 * What the centre signs and the kiosk verifies, with Ed25519 (the JDK's own): the catalogue (the forms residents
 * fill in) and result documents (what the kiosk prints with an official seal). The signature travels in the
 * {@value #HEADER} header of the answer, as Base64; the centre's public key reaches the kiosk once, at enrolment
 * ({@link EnrolmentResponse#signingKey()}, X.509 SubjectPublicKeyInfo in Base64). Each signed message says what the
 * bytes are for, so a signature over one thing is never valid for another:
 * <ul>
 *   <li>catalogue: {@code openkiosk catalogue v1\nversion=V\nsha256=H}, H the SHA-256 of the exact answer body;</li>
 *   <li>result: {@code openkiosk result v1\napplication=ID\nsha256=H}, H the SHA-256 of the document's bytes.</li>
 * </ul>
 */
public final class ContentSignature {

    /** The answer header that carries the signature. */
    public static final String HEADER = "X-Content-Signature";
    public static final String ALGORITHM = "Ed25519";

    private ContentSignature() {
    }

    /** The message signed for catalogue version {@code version} sent as exactly {@code body}. */
    public static byte[] catalogueMessage(long version, byte[] body) {
        return ("openkiosk catalogue v1\nversion=" + version + "\nsha256=" + Digests.sha256Hex(body))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The message signed for the result document of {@code applicationId} whose bytes have SHA-256 {@code sha256Hex}. */
    public static byte[] resultMessage(String applicationId, String sha256Hex) {
        return ("openkiosk result v1\napplication=" + applicationId + "\nsha256=" + sha256Hex.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The Base64 signature of {@code message}. */
    public static String sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM, e);
        }
    }

    /** Whether {@code signature} (Base64, may be null) is {@code key}'s signature of {@code message}. */
    public static boolean verifies(PublicKey key, byte[] message, String signature) {
        if (key == null || signature == null || signature.isBlank()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(Base64.getDecoder().decode(signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A public key as the enrolment answer carries it (X.509 SubjectPublicKeyInfo, Base64). */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * The public key from its {@link #encode} form.
     *
     * @throws IllegalArgumentException when it is not an Ed25519 public key
     */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " public key", e);
        }
    }
}
