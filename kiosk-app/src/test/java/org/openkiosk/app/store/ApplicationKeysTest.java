package org.openkiosk.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.sync.api.ApplicationSubmission;

/** Each application's own data key: written with it, and rows of older versions (store key only) moved to one. */
class ApplicationKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void rowsEncryptedWithTheStoreKeyByAnOlderVersionGetTheirOwnKeyOnOpenWithoutLosingData() throws Exception {
        ApplicationSubmission app = SampleApplications.application("K0001-20261123-0001");
        byte[] result = "%PDF-1.7 result".getBytes(StandardCharsets.US_ASCII);
        try (KioskStore store = KioskStore.open(dataDir, StoreKeyVault.OFF)) {
            store.applications().saveSubmitted(app);
            store.results().saveResult(app.applicationId(), result, Instant.now());
        }
        // rewrite the rows as version V5/V6 stored them: encrypted directly with the store key, no application key
        PersonalDataCipher storeKey = new PersonalDataCipher(Files.readAllBytes(dataDir.resolve("store.key")));
        String id = app.applicationId();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"))) {
            c.createStatement().executeUpdate("DELETE FROM application_keys");
            update(c, "UPDATE applications SET personal = ? WHERE application_id = ?", storeKey.encrypt(
                    ("{\"applicantName\":\"张三\",\"idNumber\":\"110101199003071234\",\"fields\":{\"address\":"
                            + "\"北京市东城区\",\"phone\":\"13800000000\"}}").getBytes(StandardCharsets.UTF_8),
                    "application:" + id), id);
            for (int seq = 0; seq < app.documents().size(); seq++) {
                update(c, "UPDATE documents SET content = ? WHERE application_id = ? AND seq = " + seq,
                        storeKey.encrypt(app.documents().get(seq).content(), "document:" + id + ":" + seq), id);
            }
            update(c, "UPDATE results SET content = ? WHERE application_id = ?",
                    storeKey.encrypt(result, "result:" + id), id);
            c.createStatement().executeUpdate(OlderVersions.BEFORE_DATA_MIGRATIONS); // that version's schema history
        }

        try (KioskStore store = KioskStore.open(dataDir, StoreKeyVault.OFF)) {
            assertThat(store.applications().pending().get(0)).usingRecursiveComparison().isEqualTo(app);
            assertThat(store.results().result(id)).hasValue(result);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT personal FROM applications")) {
            rs.next();
            byte[] personal = rs.getBytes(1);
            assertThatThrownBy(() -> storeKey.decrypt(personal, "application:" + id))
                    .as("moved to its own key").isInstanceOf(StoreException.class);
        }
    }

    @Test
    void theStoreKeyAloneDoesNotDecryptAnApplicationsData() throws Exception {
        ApplicationSubmission app = SampleApplications.application("K0001-20261123-0001");
        try (KioskStore store = KioskStore.open(dataDir, StoreKeyVault.OFF)) {
            store.applications().saveSubmitted(app);
            store.applications().saveSubmitted(app); // saved again: keeps the first copy and its key
            assertThat(store.applications().pending()).hasSize(1);
            assertThat(store.applications().pending().get(0).applicantName()).isEqualTo("张三");
        }
        PersonalDataCipher storeKey = new PersonalDataCipher(Files.readAllBytes(dataDir.resolve("store.key")));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT personal FROM applications")) {
            rs.next();
            byte[] personal = rs.getBytes(1);
            assertThatThrownBy(() -> storeKey.decrypt(personal, "application:" + app.applicationId()))
                    .isInstanceOf(StoreException.class);
        }
    }

    private static void update(Connection c, String sql, byte[] value, String id) throws Exception {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setBytes(1, value);
            st.setString(2, id);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
