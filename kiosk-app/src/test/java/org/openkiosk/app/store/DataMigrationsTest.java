package org.openkiosk.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.Json;

/**
 * The Flyway Java data migrations (V8 encrypt plaintext rows, V9 own key per application, V10 rating ids) upgrade a
 * database an old version wrote: nothing is lost, nothing personal stays readable, and they run once.
 */
class DataMigrationsTest {

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseOfTheFirstVersionIsUpgradedKeepingItsDataEncrypted() throws Exception {
        ApplicationSubmission app = SampleApplications.application("K0001-20261123-0001");
        Path file = dataDir.resolve("kiosk.db");
        Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null).locations("classpath:db/kiosk")
                .target("2").load().migrate(); // the schema as version 2 left it: plaintext, ratings without ids
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            writeAsVersion2Did(c, app);
        }

        try (KioskStore store = KioskStore.open(dataDir, StoreKeyVault.OFF)) {
            assertThat(store.applications().pending()).singleElement().usingRecursiveComparison().isEqualTo(app);
            assertThat(store.applications().applicationsOf(app.idNumber())).singleElement()
                    .extracting(ResidentApplication::applicationNo).isEqualTo(app.applicationNo());
            assertThat(store.ratings().ratingScore(app.applicationId())).hasValue(4);
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT rating_id FROM ratings")).singleElement().isNotNull();
            assertThat(strings(st, "SELECT count(*) FROM application_keys")).containsExactly("1");
            assertThat(strings(st, "SELECT applicant_name || id_number FROM applications")).containsExactly("");
            assertThat(strings(st, "SELECT version FROM flyway_schema_history WHERE success = 1 AND"
                    + " CAST(version AS INTEGER) >= 8 ORDER BY installed_rank")).containsExactly("8", "9", "10");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("VACUUM");
        }
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(new String("张三".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1)).doesNotContain(app.idNumber()).doesNotContain("%PDF-1.7");

        try (KioskStore store = KioskStore.open(dataDir, StoreKeyVault.OFF)) {
            assertThat(store.applications().pending()).as("opened again: the migrations do not run twice")
                    .singleElement().usingRecursiveComparison().isEqualTo(app);
        }
    }

    private static void writeAsVersion2Did(Connection c, ApplicationSubmission app) throws Exception {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO applications (application_id, application_no, kiosk_id, service_id, service_name,
                    applicant_name, id_number, fields_json, submitted_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')""")) {
            st.setString(1, app.applicationId());
            st.setString(2, app.applicationNo());
            st.setString(3, app.kioskId());
            st.setString(4, app.serviceId());
            st.setString(5, app.serviceName());
            st.setString(6, app.applicantName());
            st.setString(7, app.idNumber());
            st.setString(8, Json.mapper().writeValueAsString(app.fields()));
            st.setString(9, app.submittedAt().toString());
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO documents (application_id, seq, material_id, file_name, content_type, sha256, content)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < app.documents().size(); i++) {
                DocumentPayload doc = app.documents().get(i);
                st.setString(1, app.applicationId());
                st.setInt(2, i);
                st.setString(3, doc.materialId());
                st.setString(4, doc.fileName());
                st.setString(5, doc.contentType());
                st.setString(6, doc.sha256());
                st.setBytes(7, doc.content());
                st.executeUpdate();
            }
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO ratings (application_id, score, reason, rated_at) VALUES (?, 4, NULL, ?)")) {
            st.setString(1, app.applicationId());
            st.setString(2, app.submittedAt().toString());
            st.executeUpdate();
        }
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
