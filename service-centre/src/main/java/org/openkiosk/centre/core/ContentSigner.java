package org.openkiosk.centre.core;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import org.openkiosk.centre.db.SigningKeyRepository;
import org.openkiosk.sync.api.ContentSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs what the centre hands its kiosks and a man in the middle must not change: the catalogue and result documents
 * (see {@link ContentSignature} for the messages). The Ed25519 key pair lives in the centre's database, made by the
 * first instance that needs it, so several centre instances on one database sign with the same key; its public half
 * reaches each kiosk at enrolment.
 */
public final class ContentSigner {

    private static final Logger LOG = LoggerFactory.getLogger(ContentSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private ContentSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The signer with the database's key pair, made and stored now if there is none yet. */
    public static ContentSigner open(SigningKeyRepository keys, Clock clock) {
        SigningKeyRepository.Stored stored = keys.find().orElseGet(() -> {
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance(ContentSignature.ALGORITHM).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java runtime has no " + ContentSignature.ALGORITHM, e);
            }
            SigningKeyRepository.Stored made = keys.insertIfAbsent(new SigningKeyRepository.Stored(
                    ContentSignature.ALGORITHM, ContentSignature.encode(pair.getPublic()),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), clock.instant()));
            LOG.info("Centre signing key ({}) is {}", made.algorithm(), made.publicKey());
            return made;
        });
        try {
            PrivateKey priv = KeyFactory.getInstance(stored.algorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.privateKey())));
            return new ContentSigner(priv, ContentSignature.publicKey(stored.publicKey()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the centre's stored signing key cannot be read", e);
        }
    }

    /** The public key as a kiosk receives it at enrolment. */
    public String publicKey() {
        return ContentSignature.encode(publicKey);
    }

    /** The signature of catalogue version {@code version} answered as exactly {@code body}. */
    public String signCatalogue(long version, byte[] body) {
        return ContentSignature.sign(privateKey, ContentSignature.catalogueMessage(version, body));
    }

    /** The signature of the result document of {@code applicationId} with SHA-256 {@code sha256Hex}. */
    public String signResult(String applicationId, String sha256Hex) {
        return ContentSignature.sign(privateKey, ContentSignature.resultMessage(applicationId, sha256Hex));
    }

    /**
     * The signature of e-licence {@code licenceId} whose PDF has SHA-256 {@code sha256Hex}: kept with the licence, so
     * its PDF can be shown to be the one the centre registered.
     */
    public String signLicence(String licenceId, String sha256Hex) {
        return ContentSignature.sign(privateKey, ("openkiosk-elicence\n" + licenceId + "\n" + sha256Hex)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
