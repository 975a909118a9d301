package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.centre.core.Role;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;

/**
 * Issue 19 through the real kiosk against its running centre (embedded, over HTTP): staff issue a business licence
 * as an e-licence, and a later trip for a matter that needs that licence fetches it with the resident's consent
 * instead of capturing it; refusing consent keeps the capture; a household register given at another kiosk of the
 * same centre is reused.
 */
class KioskElicenceTripTest extends KioskUiTestBase {
    private static final Messages ZH = Messages.of(java.util.Locale.SIMPLIFIED_CHINESE);
    private static final String PASSWORD = "correct horse battery";
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String idNumber = IdCardSimulator.sampleResident().idNumber();

    @Test
    void licenceIssuedByStaffIsFetchedInsteadOfCapturedAndShownToStaff() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        String licenceNumber = "DZZZ-" + issueBusinessLicence();

        toMaterialsOf("#department-samr", "individual-business-change");
        assertThat(text("#consent-business-licence")).contains("营业执照").contains(licenceNumber);
        snap("elicence-01-consent");
        click("#consent-agree");
        assertThat(text("#material-held-business-licence")).startsWith(ZH.get("materials.held")).contains(licenceNumber);
        click("#materials-print");
        waitFor(() -> printed().contains(ZH.get("materials.held")), "the checklist with the fetched licence");
        snap("elicence-02-materials");
        click("#materials-start");
        fillAndSubmit("#field-businessScope");
        assertThat(robot.lookup("#capture-shoot").tryQuery()).as("nothing to capture").isEmpty();

        String applicationId = onlyApplicationId("individual-business-change");
        waitFor(() -> context.centre().findApplication(applicationId).isPresent(), "the application at the centre");
        assertThat(context.centre().findApplication(applicationId).orElseThrow().documents()).isEmpty();
        JsonNode held = staffView(applicationId).get("heldMaterials");
        assertThat(held).hasSize(1);
        assertThat(held.get(0).get("valid").asBoolean()).isTrue();
        assertThat(held.get(0).get("note").asText()).contains(licenceNumber);
        String receipt = printed();
        assertThat(receipt).contains("电子证照").contains(licenceNumber);
    }

    @Test
    void refusingConsentKeepsTheCaptureStep() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        issueBusinessLicence();
        toMaterialsOf("#department-samr", "individual-business-change");
        click("#consent-refuse");
        fillForm("#field-businessScope", "retail");
        click("#form-next");
        waitFor(() -> robot.lookup("#capture-shoot").tryQuery().isPresent(), "the capture of the business licence");
        snap("elicence-03-refused");
    }

    @Test
    void householdRegisterGivenAtAnotherKioskIsReusedWithConsent() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        String otherKiosk = enrol("K0099");
        ApplicationSubmission earlier = submit(otherKiosk, "K0099", "marriage-registration-booking",
                List.of(DocumentPayload.of("household-register", "household-register.jpg", "image/jpeg", JPEG)));

        toMaterialsOf("#department-civil", "old-age-allowance");
        assertThat(text("#consent-household-register")).contains(earlier.applicationNo());
        click("#consent-agree");
        assertThat(text("#material-held-household-register")).startsWith(ZH.get("materials.held"));
        click("#materials-start");
        fillAndSubmit("#field-bankCard");

        String applicationId = onlyApplicationId("old-age-allowance");
        waitFor(() -> context.centre().findApplication(applicationId).isPresent(), "the application at the centre");
        JsonNode held = staffView(applicationId).get("heldMaterials").get(0);
        assertThat(held.get("kind").asText()).isEqualTo("reused");
        assertThat(held.get("valid").asBoolean()).isTrue();
        assertThat(held.get("note").asText()).contains(earlier.applicationNo());
    }

    // ------------------------------------------------------------------ helpers

    /** The phone typed, and a text field set whole (typed letters would go to the keyboard's pinyin composing). */
    private void fillForm(String textField, String value) {
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent(), "the form");
        scrollIntoView(robot.lookup("#field-phone").query());
        robot.clickOn("#field-phone").write("13800138000");
        robot.interact(() -> ((javafx.scene.control.TextField) robot.lookup(textField).query()).setText(value));
    }

    /** Everything the simulated receipt printer printed, as text. */
    private String printed() {
        try {
            return EscPosDecoder.text(context.simulated().printer().received());
        } catch (Exception e) {
            throw new AssertionError("the printer's bytes do not decode", e);
        }
    }

    /** Home → department → matter → its checklist → the card, read: the consent screen (or whatever follows). */
    private void toMaterialsOf(String department, String matter) {
        click("#start");
        click(department);
        click("#matter-" + matter);
        click("#materials-start");
        waitFor(() -> robot.lookup("#consent-screen").tryQuery().isPresent(), "the consent screen");
    }

    private void fillAndSubmit(String secondField) {
        fillForm(secondField, "6222020000000000");
        click("#form-next");
        click("#review-consent");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent()
                || robot.lookup("#review-sign").tryQuery().isPresent(), "the review's last button");
        if (robot.lookup("#review-sign").tryQuery().isPresent()) { // a matter signed by hand (高龄津贴)
            click("#review-sign");
            waitFor(() -> robot.lookup("#signature-pad").tryQuery().isPresent(), "the signature pad");
            robot.drag("#signature-pad").moveBy(120, 40).moveBy(140, -60).drop();
            click("#signature-submit");
        } else {
            click("#review-submit");
        }
        text("#application-no");
    }

    /** Another kiosk of the centre applies for the sample resident, and staff issue the licence: its application number. */
    private String issueBusinessLicence() throws Exception {
        String kiosk = enrol("K0098");
        ApplicationSubmission app = submit(kiosk, "K0098", "individual-business-registration",
                List.of(DocumentPayload.of("premises-proof", "premises.jpg", "image/jpeg", JPEG)));
        String staff = staffToken();
        for (String action : List.of("accept", "issue-result")) {
            long version = staffView(app.applicationId()).get("version").asLong();
            Map<String, Object> body = action.equals("accept") ? Map.of("action", action, "version", version)
                    : Map.of("action", action, "version", version, "decision", "准予登记");
            HttpResponse<String> r = send("POST", "/console/api/applications/" + app.applicationId() + "/decision",
                    staff, json.writeValueAsString(body));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        return app.applicationNo();
    }

    private String enrol(String kioskId) throws Exception {
        String code = context.centre().issueEnrolmentCode(kioskId).code();
        HttpResponse<String> r = send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private ApplicationSubmission submit(String token, String kioskId, String serviceId, List<DocumentPayload> docs)
            throws Exception {
        ApplicationSubmission app = new ApplicationSubmission(UUID.randomUUID().toString(), kioskId + "-20261203-0001",
                kioskId, serviceId, "测试事项", IdCardSimulator.sampleResident().name(), idNumber,
                Map.of("phone", "13800000000"), docs, Instant.now());
        HttpResponse<String> r = send("POST", "/api/v1/applications", token, json.writeValueAsString(app));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return app;
    }

    private String staffToken;

    private String staffToken() throws Exception {
        if (staffToken == null) {
            context.centre().saveStaff("approver", PASSWORD.toCharArray(), EnumSet.of(Role.CLERK, Role.APPROVER));
            HttpResponse<String> r = send("POST", "/console/api/login", null,
                    json.writeValueAsString(Map.of("username", "approver", "password", PASSWORD)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            staffToken = json.readTree(r.body()).get("token").asText();
        }
        return staffToken;
    }

    private JsonNode staffView(String applicationId) throws Exception {
        HttpResponse<String> r = send("GET", "/console/api/applications/" + applicationId, staffToken(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(context.centre().baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String onlyApplicationId(String serviceId) throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var st = conn.prepareStatement("SELECT application_id FROM applications WHERE service_id = ?")) {
            st.setString(1, serviceId);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
