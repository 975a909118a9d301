package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.openkiosk.centre.ElicenceFixture;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.HeldMaterials;

/** The issue's round trips over HTTP, the same on SQLite and PostgreSQL. */
final class ElicenceRoundTrip {

    private ElicenceRoundTrip() {
    }

    /**
     * Staff issue a business licence as an e-licence; a later application for a matter that needs it refers to it
     * instead of a scan, and the console shows it beside the captured papers.
     */
    static void issuedLicenceIsReferredToLater(ElicenceFixture f) throws Exception {
        f.staff();
        String kiosk = f.enrol("K0101");
        String staff = f.login("approver");
        ApplicationSubmission registration = f.submit(kiosk, "K0101", "individual-business-registration",
                ElicenceFixture.HOLDER, ElicenceFixture.scan("premises-proof"), List.of());
        f.issue(staff, registration.applicationId());

        String session = f.cardSession(kiosk, ElicenceFixture.HOLDER);
        HeldMaterials before = f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, false));
        assertThat(before.held()).singleElement().satisfies(h -> {
            assertThat(h.materialId()).isEqualTo("business-licence");
            assertThat(h.kind()).isEqualTo(HeldMaterials.E_LICENCE);
            assertThat(h.type()).isEqualTo("营业执照");
            assertThat(h.number()).isEqualTo("DZZZ-" + registration.applicationNo());
            assertThat(h.reference()).as("no reference before consent").isNull();
            assertThat(h.issuer()).isNull();
        });
        HeldMaterials after = f.held(f.lookup(kiosk, session, "individual-business-change", ElicenceFixture.HOLDER, true));
        assertThat(after.held()).singleElement().satisfies(h -> {
            assertThat(h.reference()).startsWith("EL-");
            assertThat(h.issuer()).isEqualTo("政务服务中心");
        });

        ApplicationSubmission change = f.submit(kiosk, "K0101", "individual-business-change", ElicenceFixture.HOLDER,
                List.of(), ElicenceFixture.references(after));
        JsonNode view = f.view(staff, change.applicationId());
        assertThat(view.get("documents")).isEmpty();
        assertThat(view.get("heldMaterials")).hasSize(1);
        JsonNode held = view.get("heldMaterials").get(0);
        assertThat(held.get("valid").asBoolean()).isTrue();
        assertThat(held.get("kind").asText()).isEqualTo("e-licence");
        assertThat(held.get("note").asText()).contains("营业执照").contains("DZZZ-" + registration.applicationNo());
        HttpResponse<byte[]> pdf = f.bytes("/console/api/applications/" + change.applicationId() + "/held/0", staff);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        // the page shows it too, beside the (no) captured papers
        String boss = f.login("boss");
        assertThat(f.audit(boss)).anyMatch(a -> a.contains("elicence-register"))
                .anyMatch(a -> a.contains("held-material-lookup"))
                .anyMatch(a -> a.contains("held-material-fetch") && a.contains("resident consented"))
                .anyMatch(a -> a.contains("held-material-use"))
                .anyMatch(a -> a.contains("view-held-material"));
    }

    /** A household register given at kiosk A is referred to, with consent, by an application at kiosk B. */
    static void documentGivenAtOneKioskIsReusedAtAnother(ElicenceFixture f) throws Exception {
        f.staff();
        String a = f.enrol("K0201");
        String b = f.enrol("K0202");
        String staff = f.login("approver");
        ApplicationSubmission earlier = f.submit(a, "K0201", "old-age-allowance", ElicenceFixture.HOLDER,
                ElicenceFixture.scan("household-register"), List.of());

        String session = f.cardSession(b, ElicenceFixture.HOLDER);
        HeldMaterials offered = f.held(f.lookup(b, session, "marriage-registration-booking", ElicenceFixture.HOLDER, false));
        assertThat(offered.held()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HeldMaterials.REUSED);
            assertThat(h.number()).isEqualTo(earlier.applicationNo());
            assertThat(h.reference()).isNull();
        });
        // another holder's card at kiosk B finds nothing of this resident's
        String other = f.cardSession(b, ElicenceFixture.OTHER_HOLDER);
        assertThat(f.held(f.lookup(b, other, "marriage-registration-booking", ElicenceFixture.OTHER_HOLDER, false))
                .held()).isEmpty();

        session = f.cardSession(b, ElicenceFixture.HOLDER);
        HeldMaterials granted = f.held(f.lookup(b, session, "marriage-registration-booking", ElicenceFixture.HOLDER, true));
        ApplicationSubmission later = f.submit(b, "K0202", "marriage-registration-booking", ElicenceFixture.HOLDER,
                List.of(), ElicenceFixture.references(granted));
        JsonNode held = f.view(staff, later.applicationId()).get("heldMaterials").get(0);
        assertThat(held.get("valid").asBoolean()).isTrue();
        assertThat(held.get("kind").asText()).isEqualTo("reused");
        assertThat(held.get("note").asText()).contains(earlier.applicationNo());
        HttpResponse<byte[]> scan = f.bytes("/console/api/applications/" + later.applicationId() + "/held/0", staff);
        assertThat(scan.statusCode()).isEqualTo(200);
        assertThat(scan.body()).isEqualTo(ElicenceFixture.JPEG);
    }
}
