package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionRulesTest {

    @Test
    void acceptsCompleteSubmission() {
        assertThat(SubmissionRules.problems(JsonTest.sample())).isEmpty();
    }

    @Test
    void namesEveryMissingField() {
        ApplicationSubmission empty = new ApplicationSubmission(null, "", null, null, null, null, null,
                null, null, null);

        assertThat(SubmissionRules.problems(empty)).contains("applicationId is missing",
                "applicationNo is missing", "kioskId is missing", "idNumber is missing", "submittedAt is missing");
    }

    @Test
    void rejectsApplicationIdThatIsNotUuid() {
        ApplicationSubmission app = withDocuments("not-a-uuid", List.of());

        assertThat(SubmissionRules.problems(app)).containsExactly("applicationId is not a UUID");
    }

    @Test
    void rejectsDocumentWhoseShaDoesNotMatchContent() {
        DocumentPayload doc = new DocumentPayload("m", "f.pdf", "application/pdf",
                Digests.sha256Hex(new byte[] {1}), "%PDF-1.7".getBytes());

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", List.of(doc))))
                .containsExactly("documents[0].sha256 does not match its content");
    }

    @Test
    void acceptsUppercaseSha() {
        byte[] content = "%PDF-1.7 777".getBytes();
        DocumentPayload doc = new DocumentPayload("m", "f.pdf", "application/pdf",
                Digests.sha256Hex(content).toUpperCase(), content);

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", List.of(doc))))
                .isEmpty();
    }

    @Test
    void refusesTypesAKioskDoesNotMakeNamingTheDocument() {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes();
        List<DocumentPayload> docs = List.of(DocumentPayload.of("m", "scan.html", "text/html", html),
                DocumentPayload.of("m", "scan.svg", "image/svg+xml", "<svg/>".getBytes()),
                new DocumentPayload("m", "ref.html", "text/html", Digests.sha256Hex(html), null));

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", docs))).containsExactly(
                "documents[0] (scan.html): content type 'text/html' is not accepted; a kiosk sends image/jpeg, image/png, application/pdf",
                "documents[1] (scan.svg): content type 'image/svg+xml' is not accepted; a kiosk sends image/jpeg, image/png, application/pdf",
                "documents[2] (ref.html): content type 'text/html' is not accepted; a kiosk sends image/jpeg, image/png, application/pdf");
    }

    @Test
    void refusesBytesThatAreNotWhatTheTypeSays() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
        List<DocumentPayload> docs = List.of(DocumentPayload.of("m", "scan.png", "image/png", "<html>".getBytes()),
                DocumentPayload.of("m", "id.jpg", "image/jpeg", png),
                DocumentPayload.of("m", "ok.png", "image/png", png),
                DocumentPayload.of("m", "ok.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}),
                new DocumentPayload("m", "ref.png", "image/png", Digests.sha256Hex(png), null));

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", docs))).containsExactly(
                "documents[0] (scan.png) is said to be image/png but its bytes are not JPEG, PNG or PDF",
                "documents[1] (id.jpg) is said to be image/jpeg but its bytes are image/png");
    }

    @Test
    void recognisesTheThreeTypesByTheirMagicNumbersOnly() {
        assertThat(DocumentTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB})).contains("image/jpeg");
        assertThat(DocumentTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})).contains("image/png");
        assertThat(DocumentTypes.sniff("%PDF-1.7".getBytes())).contains("application/pdf");
        assertThat(DocumentTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
        assertThat(DocumentTypes.sniff(" %PDF-1.7".getBytes())).isEmpty();
        assertThat(DocumentTypes.sniff("<svg xmlns=".getBytes())).isEmpty();
        assertThat(DocumentTypes.sniff(new byte[0])).isEmpty();
        assertThat(DocumentTypes.isAccepted("IMAGE/JPEG")).isFalse();
    }

    @Test
    void computesKnownSha256() {
        assertThat(Digests.sha256Hex("abc".getBytes()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static ApplicationSubmission withDocuments(String id, List<DocumentPayload> docs) {
        return new ApplicationSubmission(id, "K0001-20261123-0001", "K0001", "svc", "Service", "张三",
                "110101199003071234", Map.of(), docs, Instant.parse("2026-11-23T00:00:00Z"));
    }
}
