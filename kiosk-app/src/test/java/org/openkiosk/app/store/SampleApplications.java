package org.openkiosk.app.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;

/** Valid applications for tests: a fresh id each time, two documents (a JPEG and a PDF by their first bytes). */
public final class SampleApplications {

    private SampleApplications() {
    }

    public static ApplicationSubmission application(String applicationNo) {
        return new ApplicationSubmission(UUID.randomUUID().toString(), applicationNo, "K0001", "hukou-transfer",
                "户口迁移", "张三", "110101199003071234", Map.of("address", "北京市东城区", "phone", "13800000000"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, (byte) 0xFF}),
                        DocumentPayload.of("household-page", "page.pdf", "application/pdf", "%PDF-1.7".getBytes())),
                Instant.parse("2026-11-23T08:15:30.5Z"));
    }

    /** The same application with one document whose sha256 does not match its bytes. */
    public static ApplicationSubmission withBadSha(ApplicationSubmission good) {
        return new ApplicationSubmission(good.applicationId(), good.applicationNo(), good.kioskId(),
                good.serviceId(), good.serviceName(), good.applicantName(), good.idNumber(), good.fields(),
                List.of(new DocumentPayload("m", "f.jpg", "image/jpeg", org.openkiosk.sync.api.Digests.sha256Hex(new byte[] {2}),
                        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1})), good.submittedAt());
    }
}
