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
                Digests.sha256Hex(new byte[] {1}), new byte[] {2});

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", List.of(doc))))
                .containsExactly("documents[0].sha256 does not match its content");
    }

    @Test
    void acceptsUppercaseSha() {
        byte[] content = {7, 7, 7};
        DocumentPayload doc = new DocumentPayload("m", "f.pdf", "application/pdf",
                Digests.sha256Hex(content).toUpperCase(), content);

        assertThat(SubmissionRules.problems(withDocuments("3f1e2d4c-5b6a-4789-8abc-def012345678", List.of(doc))))
                .isEmpty();
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
