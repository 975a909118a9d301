package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class ContentSignatureTest {

    private final KeyPair centre = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSignatureVerifiesOnlyForTheSameBytesThePurposeAndTheKey() {
        byte[] body = "{\"version\":3}".getBytes(StandardCharsets.UTF_8);
        String signature = ContentSignature.sign(centre.getPrivate(), ContentSignature.catalogueMessage(3, body));

        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.catalogueMessage(3, body), signature))
                .isTrue();
        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.catalogueMessage(4, body), signature))
                .as("another version").isFalse();
        assertThat(ContentSignature.verifies(centre.getPublic(),
                ContentSignature.catalogueMessage(3, "{\"version\":3} ".getBytes(StandardCharsets.UTF_8)), signature))
                .as("other bytes").isFalse();
        assertThat(ContentSignature.verifies(generate().getPublic(), ContentSignature.catalogueMessage(3, body),
                signature)).as("another key").isFalse();
        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.catalogueMessage(3, body), null))
                .as("unsigned").isFalse();
        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.catalogueMessage(3, body), "%%"))
                .as("not Base64").isFalse();
    }

    @Test
    void aResultSignatureIsBoundToItsApplication() {
        String sha = Digests.sha256Hex(new byte[] {1, 2, 3});
        String signature = ContentSignature.sign(centre.getPrivate(), ContentSignature.resultMessage("app-1", sha));

        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.resultMessage("app-1", sha.toUpperCase()),
                signature)).isTrue();
        assertThat(ContentSignature.verifies(centre.getPublic(), ContentSignature.resultMessage("app-2", sha), signature))
                .isFalse();
    }

    @Test
    void thePublicKeyTravelsAsBase64AndTheEnrolmentAnswerCarriesIt() throws Exception {
        String encoded = ContentSignature.encode(centre.getPublic());
        assertThat(ContentSignature.publicKey(encoded)).isEqualTo(centre.getPublic());
        assertThatThrownBy(() -> ContentSignature.publicKey("bm90IGEga2V5")).isInstanceOf(IllegalArgumentException.class);

        var mapper = Json.mapper();
        EnrolmentResponse withKey = new EnrolmentResponse("K0001", "secret", encoded);
        assertThat(mapper.readValue(mapper.writeValueAsBytes(withKey), EnrolmentResponse.class)).isEqualTo(withKey);
        assertThat(mapper.readValue("{\"kioskId\":\"K0001\",\"token\":\"secret\"}", EnrolmentResponse.class).signingKey())
                .isNull();
    }
}
