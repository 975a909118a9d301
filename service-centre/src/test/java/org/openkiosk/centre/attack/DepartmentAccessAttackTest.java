package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;

/**
 * Issue 13 item 6: staff see and act only on their departments' applications (the department comes from the
 * centre's catalogue, by the application's service), viewers see no ID number in full, and only an admin reads the
 * whole audit log or manages accounts.
 */
class DepartmentAccessAttackTest {

    @TempDir
    Path dataDir;

    private DeskFixture f;
    private ApplicationSubmission pension; // pension-enrol: hrss in the bundled catalogue
    private String kiosk;

    @BeforeEach
    void start() throws Exception {
        CentreServer centre = CentreServer.start(dataDir, 0);
        f = new DeskFixture(centre);
        centre.saveStaff("hrss.clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK), Set.of("hrss"));
        centre.saveStaff("civil.clerk", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.CLERK, Role.APPROVER),
                Set.of("civil"));
        centre.saveStaff("hrss.viewer", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER), Set.of("hrss"));
        centre.saveStaff("boss", DeskFixture.PASSWORD.toCharArray(), EnumSet.of(Role.ADMIN), Set.of());
        kiosk = f.enrol("K0001");
        pension = f.submit(kiosk, "K0001", "pension-enrol");
    }

    @AfterEach
    void stop() {
        f.centre.close();
    }

    @Test
    void clerkOfAnotherDepartmentDoesNotSeeItInTheList() throws Exception {
        JsonNode civil = f.json.readTree(f.send("GET", "/console/api/applications", f.login("civil.clerk"), null).body());
        JsonNode hrss = f.json.readTree(f.send("GET", "/console/api/applications", f.login("hrss.clerk"), null).body());

        assertThat(civil).isEmpty();
        assertThat(hrss.findValuesAsText("applicationId")).containsExactly(pension.applicationId());
    }

    @Test
    void clerkOfAnotherDepartmentCannotViewIt() throws Exception {
        String civil = f.login("civil.clerk");

        assertThat(f.send("GET", "/console/api/applications/" + pension.applicationId(), civil, null).statusCode())
                .isEqualTo(404);
        String page = f.send("GET", "/console/applications/" + pension.applicationId(), civil, null).body();
        assertThat(page).doesNotContain("张三").doesNotContain("110105");
        assertThat(f.send("GET", "/console/api/audit?application=" + pension.applicationId(), civil, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void clerkOfAnotherDepartmentCannotFetchItsDocuments() throws Exception {
        HttpResponse<byte[]> doc = f.bytes("/console/api/applications/" + pension.applicationId() + "/documents/0",
                f.login("civil.clerk"));

        assertThat(doc.statusCode()).isEqualTo(404);
        assertThat(doc.body()).isNotEqualTo(DeskFixture.JPEG);
    }

    @Test
    void clerkOfAnotherDepartmentCannotDecideIt() throws Exception {
        String civil = f.login("civil.clerk");
        long version = f.view(f.login("hrss.clerk"), pension.applicationId()).path("version").asLong(1);

        HttpResponse<String> r = f.decide(civil, pension.applicationId(), "reject", "不归我管", null, version);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(f.view(f.login("hrss.clerk"), pension.applicationId()).get("status").asText()).isEqualTo("received");
    }

    @Test
    void departmentComesFromTheCentresPublishedCatalogueNotFromTheKiosk() throws Exception {
        f.centre.publishCatalogue("{\"departments\":[{\"id\":\"hrss\"},{\"id\":\"civil\"}],"
                + "\"services\":[{\"id\":\"pension-enrol\",\"department\":\"civil\"}]}");

        assertThat(f.send("GET", "/console/api/applications/" + pension.applicationId(), f.login("civil.clerk"), null)
                .statusCode()).isEqualTo(200);
        assertThat(f.send("GET", "/console/api/applications/" + pension.applicationId(), f.login("hrss.clerk"), null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void viewerSeesTheIdNumberMaskedInJsonAndPages() throws Exception {
        String viewer = f.login("hrss.viewer");
        JsonNode before = f.view(f.login("hrss.clerk"), pension.applicationId());
        assertThat(f.decide(f.login("hrss.clerk"), pension.applicationId(), "more-materials",
                "请补充 11010519920101567X 的身份证复印件", null, before.get("version").asLong()).statusCode()).isEqualTo(200);

        JsonNode view = f.view(viewer, pension.applicationId());
        String page = f.send("GET", "/console/applications/" + pension.applicationId(), viewer, null).body();

        assertThat(view.get("idNumber").asText()).isEqualTo("110105********1234");
        assertThat(view.toString()).doesNotContain("110105199003071234").doesNotContain("11010519920101567X");
        assertThat(page).contains("110105********1234").doesNotContain("110105199003071234")
                .doesNotContain("11010519920101567X");
        assertThat(f.view(f.login("hrss.clerk"), pension.applicationId()).get("idNumber").asText())
                .isEqualTo("110105199003071234");
    }

    @Test
    void onlyAnAdminReadsTheWholeAuditLog() throws Exception {
        assertThat(f.send("GET", "/console/api/audit", f.login("hrss.clerk"), null).statusCode()).isEqualTo(403);
        assertThat(f.send("GET", "/console/api/audit", f.login("hrss.viewer"), null).statusCode()).isEqualTo(403);

        HttpResponse<String> admin = f.send("GET", "/console/api/audit", f.login("boss"), null);

        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(f.json.readTree(admin.body()).findValuesAsText("action")).contains("login");
    }

    @Test
    void adminReadsNoApplicationsByVirtueOfManagingAccounts() throws Exception {
        assertThat(f.send("GET", "/console/api/applications/" + pension.applicationId(), f.login("boss"), null)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void onlyAnAdminManagesAccounts() throws Exception {
        String account = "{\"password\":\"another long secret\",\"roles\":[\"clerk\"],\"departments\":[\"civil\"]}";

        assertThat(f.send("PUT", "/console/api/staff/new.clerk", f.login("civil.clerk"), account).statusCode())
                .isEqualTo(403);
        HttpResponse<String> saved = f.send("PUT", "/console/api/staff/new.clerk", f.login("boss"), account);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode accounts = f.json.readTree(f.send("GET", "/console/api/staff", f.login("boss"), null).body());
        assertThat(accounts.toString()).contains("new.clerk").contains("civil").doesNotContain("pbkdf2");
        assertThat(f.send("GET", "/console/api/staff", f.login("hrss.clerk"), null).statusCode()).isEqualTo(403);
        assertThat(f.send("GET", "/console", f.login("boss"), null).body()).contains("new.clerk").contains("staff-saved");
        assertThat(f.send("GET", "/console", f.login("hrss.clerk"), null).body()).doesNotContain("new.clerk")
                .as("the e-licence register is the admin's").doesNotContain("/console/elicences");
        assertThat(f.send("GET", "/console", f.login("boss"), null).body()).contains("href='/console/elicences'");
        assertThat(f.send("PUT", "/console/api/staff/x.clerk", f.login("boss"),
                "{\"password\":\"another long secret\",\"roles\":[\"clerk\"],\"departments\":[\"nowhere\"]}")
                .statusCode()).isEqualTo(400);
    }
}
