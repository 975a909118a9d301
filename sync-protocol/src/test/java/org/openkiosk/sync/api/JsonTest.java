package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final ObjectMapper mapper = Json.mapper();

    static ApplicationSubmission sample() {
        byte[] scan = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 1, 2, (byte) 0xFF, 'P', 'D', 'F'};
        return new ApplicationSubmission("3f1e2d4c-5b6a-4789-8abc-def012345678", "K0001-20261123-0007",
                "K0001", "hukou-transfer", "户口迁移", "张三", "110101199003071234",
                Map.of("address", "北京市东城区", "phone", "13800000000"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", scan)),
                Instant.parse("2026-11-23T08:15:30.123456789Z"));
    }

    @Test
    void submissionSurvivesRoundTripWithBytesAndInstant() throws Exception {
        ApplicationSubmission app = sample();

        ApplicationSubmission back = mapper.readValue(mapper.writeValueAsString(app), ApplicationSubmission.class);

        assertThat(back).usingRecursiveComparison().isEqualTo(app);
        assertThat(back.documents().get(0).content()).containsExactly(app.documents().get(0).content());
    }

    @Test
    void writesBytesAsBase64AndInstantAsIsoString() throws Exception {
        ApplicationSubmission app = sample();

        JsonNode tree = mapper.readTree(mapper.writeValueAsString(app));

        assertThat(tree.get("submittedAt").asText()).isEqualTo("2026-11-23T08:15:30.123456789Z");
        assertThat(tree.get("documents").get(0).get("content").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(app.documents().get(0).content()));
    }

    @Test
    void ignoresPropertiesItDoesNotKnow() throws Exception {
        String json = """
                {"applicationId":"a","applicationNo":"K1-20261123-0001","status":"received","duplicate":true,
                 "receivedAt":"2026-11-23T08:15:30Z","someFutureField":42}""";

        SubmissionReceipt receipt = mapper.readValue(json.getBytes(StandardCharsets.UTF_8), SubmissionReceipt.class);

        assertThat(receipt.duplicate()).isTrue();
        assertThat(receipt.receivedAt()).isEqualTo(Instant.parse("2026-11-23T08:15:30Z"));
    }

    @Test
    void readsDocumentLargerThanJacksonsDefaultStringLimit() throws Exception {
        byte[] big = new byte[16 * 1024 * 1024]; // 21.8 M base64 characters, over Jackson's 20 M default
        big[big.length - 1] = 42;
        DocumentPayload doc = DocumentPayload.of("scan", "scan.pdf", "application/pdf", big);

        DocumentPayload back = mapper.readValue(mapper.writeValueAsBytes(doc), DocumentPayload.class);

        assertThat(back.sha256()).isEqualTo(Digests.sha256Hex(back.content()));
        assertThat(back.content()).hasSize(big.length);
    }
}
