package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of {@link SubmissionLimits}: at a bound is accepted, one past it is refused naming what. */
class SubmissionLimitsTest {

    @Test
    void acceptsEverythingExactlyAtItsBound() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < SubmissionLimits.MAX_FIELDS - 1; i++) {
            fields.put("f" + i, "x");
        }
        fields.put("n".repeat(SubmissionLimits.MAX_FIELD_NAME_CHARS), "长".repeat(SubmissionLimits.MAX_FIELD_VALUE_CHARS));
        List<DocumentPayload> documents = new ArrayList<>();
        for (int i = 0; i < SubmissionLimits.MAX_DOCUMENTS; i++) {
            documents.add(DocumentPayload.of("m" + i, "f".repeat(SubmissionLimits.MAX_FILE_NAME_CHARS), "image/jpeg",
                    new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) i}));
        }

        assertThat(SubmissionRules.problems(with("张".repeat(SubmissionLimits.MAX_NAME_CHARS), fields, documents)))
                .isEmpty();
    }

    @Test
    void refusesOnePastEachBound() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < SubmissionLimits.MAX_FIELDS + 1; i++) {
            fields.put("f" + i, "x");
        }
        fields.put("n".repeat(SubmissionLimits.MAX_FIELD_NAME_CHARS + 1), "x");
        fields.put("address", "长".repeat(SubmissionLimits.MAX_FIELD_VALUE_CHARS + 1));

        assertThat(SubmissionRules.problems(with("张".repeat(SubmissionLimits.MAX_NAME_CHARS + 1), fields, List.of(
                DocumentPayload.of("m", "f".repeat(SubmissionLimits.MAX_FILE_NAME_CHARS + 1), "image/jpeg",
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})))))
                .containsExactlyInAnyOrder("applicantName is over 100 characters", "too many fields: 103 (at most 100)",
                        "a field name is over 64 characters", "field address is over 2000 characters",
                        "documents[0].fileName is over 255 characters");
    }

    @Test
    void refusesTooManyDocuments() {
        List<DocumentPayload> documents = new ArrayList<>();
        for (int i = 0; i <= SubmissionLimits.MAX_DOCUMENTS; i++) {
            documents.add(DocumentPayload.of("m" + i, "f.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) i}));
        }

        assertThat(SubmissionRules.problems(with("张三", Map.of(), documents))).containsExactly("too many documents: 51 (at most 50)");
    }

    private static ApplicationSubmission with(String name, Map<String, String> fields, List<DocumentPayload> documents) {
        ApplicationSubmission s = JsonTest.sample();
        return new ApplicationSubmission(s.applicationId(), s.applicationNo(), s.kioskId(), s.serviceId(), s.serviceName(),
                name, s.idNumber(), fields, documents, s.submittedAt());
    }
}
