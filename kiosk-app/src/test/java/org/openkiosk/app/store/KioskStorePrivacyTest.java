package org.openkiosk.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.StatusChange;

/** Personal data at rest: encrypted with a key outside the database, found by ID number, purged after retention. */
class KioskStorePrivacyTest {

    @TempDir
    Path dataDir;

    private static final String NAME = "王秀英";
    private static final String ID_NUMBER = "11010119900307123X";
    private static final byte[] SCAN = jpeg("SCAN-OF-HOUSEHOLD-REGISTER-PAGE-0001".getBytes(StandardCharsets.US_ASCII));

    /** The bytes after a JPEG's start-of-image marker, as the kiosk's camera makes a scan. */
    private static byte[] jpeg(byte[] rest) {
        byte[] all = new byte[3 + rest.length];
        all[0] = (byte) 0xFF;
        all[1] = (byte) 0xD8;
        all[2] = (byte) 0xFF;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }

    private static ApplicationSubmission application(String applicationNo, String idNumber) {
        return new ApplicationSubmission(UUID.randomUUID().toString(), applicationNo, "K0001", "hukou-transfer",
                "户口迁移", NAME, idNumber, Map.of("address", "北京市东城区景山前街4号"),
                List.of(DocumentPayload.of("household-page", "page.jpg", "image/jpeg", SCAN)),
                Instant.parse("2026-11-23T08:15:30Z"));
    }

    /** Every byte of the kiosk's database files (main file and WAL), as Latin-1 and UTF-8 text to search. */
    private String databaseBytes() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("kiosk.db")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                all.append(new String(bytes, StandardCharsets.ISO_8859_1)).append(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    @Test
    void personalDataAndDocumentsAreNotReadableInTheDatabaseFiles() throws Exception {
        ApplicationSubmission app = application("K0001-20261123-0001", ID_NUMBER);
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(app);
            assertThat(store.applications().pending().get(0)).usingRecursiveComparison().isEqualTo(app);

            assertThat(databaseBytes()).doesNotContain(NAME).doesNotContain(ID_NUMBER).doesNotContain("景山前街")
                    .doesNotContain("SCAN-OF-HOUSEHOLD").contains("K0001-20261123-0001");
        }
        Path key = dataDir.resolve(PersonalDataCipher.KEY_FILE);
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void databaseCopiedWithoutItsKeyDoesNotDecrypt() throws Exception {
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(application("K0001-20261123-0001", ID_NUMBER));
        }
        Files.write(dataDir.resolve(PersonalDataCipher.KEY_FILE), new byte[32]); // another key

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(store.applications()::pending).isInstanceOf(StoreException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void rowsWrittenBeforeEncryptionAreEncryptedOnOpen() throws Exception {
        ApplicationSubmission app = application("K0001-20261123-0001", ID_NUMBER);
        try (KioskStore store = KioskStore.open(dataDir)) {
            store.applications().saveSubmitted(app);
        }
        // rewrite the row as the previous version stored it: plaintext columns, plaintext document
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"));
             Statement st = c.createStatement();
             var doc = c.prepareStatement("UPDATE documents SET content = ?, encrypted = 0")) {
            st.executeUpdate("UPDATE applications SET personal = NULL, id_index = NULL, applicant_name = '" + NAME
                    + "', id_number = '" + ID_NUMBER + "', fields_json = '{\"address\":\"北京市东城区景山前街4号\"}'");
            doc.setBytes(1, SCAN);
            doc.executeUpdate();
            st.executeUpdate(OlderVersions.BEFORE_DATA_MIGRATIONS); // that version's schema history
        }

        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThat(store.applications().pending().get(0)).usingRecursiveComparison().isEqualTo(app);
            assertThat(store.applications().applicationsOf(ID_NUMBER)).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kiosk.db"));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("VACUUM");
        }
        assertThat(databaseBytes()).doesNotContain(NAME).doesNotContain("SCAN-OF-HOUSEHOLD");
    }

    @Test
    void residentFindsOwnApplicationsByIdNumberWithTheCentresStatus() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            ApplicationSubmission first = application("K0001-20261123-0001", ID_NUMBER);
            ApplicationSubmission other = application("K0001-20261123-0002", "110101199003071234");
            store.applications().saveSubmitted(first);
            store.applications().saveSubmitted(other);
            store.applications().markAcknowledged(first.applicationId(), Instant.parse("2026-11-23T09:00:00Z"));
            store.syncState().applyStatusChanges(List.of(
                    new StatusChange(7, first.applicationId(), first.applicationNo(), "completed", "请到窗口领取",
                            Instant.parse("2026-11-24T10:00:00Z"), true, null)), 7);
            store.results().saveResult(first.applicationId(), "%PDF result".getBytes(StandardCharsets.US_ASCII),
                    Instant.parse("2026-11-24T10:01:00Z"));

            List<ResidentApplication> mine = store.applications().applicationsOf(ID_NUMBER.toLowerCase());

            assertThat(mine).singleElement().satisfies(a -> {
                assertThat(a.applicationNo()).isEqualTo("K0001-20261123-0001");
                assertThat(a.sent()).isTrue();
                assertThat(a.centreStatus()).isEqualTo("completed");
                assertThat(a.centreReason()).isEqualTo("请到窗口领取");
                assertThat(a.resultAvailable()).isTrue();
                assertThat(a.resultOnKiosk()).isTrue();
            });
            assertThat(store.results().result(first.applicationId())).hasValueSatisfying(
                    r -> assertThat(new String(r, StandardCharsets.US_ASCII)).isEqualTo("%PDF result"));
            assertThat(store.syncState().changesCursor()).isEqualTo(7);
            assertThat(store.applications().applicationsOf("")).isEmpty();
        }
    }

    @Test
    void personalDataIsPurgedOnlyAfterAcknowledgementAndRetention() {
        try (KioskStore store = KioskStore.open(dataDir)) {
            ApplicationSubmission sent = application("K0001-20261123-0001", ID_NUMBER);
            ApplicationSubmission waiting = application("K0001-20261123-0002", ID_NUMBER);
            store.applications().saveSubmitted(sent);
            store.applications().saveSubmitted(waiting);
            Instant ack = Instant.parse("2026-11-23T09:00:00Z");
            store.applications().markAcknowledged(sent.applicationId(), ack);
            store.results().saveResult(sent.applicationId(), new byte[] {1}, ack);

            assertThat(store.retention().purgeExpired(ack.plus(Duration.ofDays(6)), Duration.ofDays(7))).isZero();
            assertThat(store.applications().applicationsOf(ID_NUMBER)).hasSize(2);

            assertThat(store.retention().purgeExpired(ack.plus(Duration.ofDays(8)), Duration.ofDays(7))).isEqualTo(1);

            assertThat(store.applications().applicationsOf(ID_NUMBER)).extracting(ResidentApplication::applicationNo)
                    .containsExactly("K0001-20261123-0002");
            assertThat(store.results().result(sent.applicationId())).isEmpty();
            assertThat(store.applications().pending()).singleElement().usingRecursiveComparison().isEqualTo(waiting);
            assertThat(store.applications().figures().acknowledged()).isEqualTo(1);
            assertThat(store.retention().purgeExpired(ack.plus(Duration.ofDays(30)), Duration.ofDays(7))).isZero();
        }
    }

    @Test
    void refusesToQueueDocumentWithoutItsBytes() {
        ApplicationSubmission app = application("K0001-20261123-0001", ID_NUMBER);
        ApplicationSubmission noBytes = new ApplicationSubmission(app.applicationId(), app.applicationNo(), app.kioskId(),
                app.serviceId(), app.serviceName(), app.applicantName(), app.idNumber(), app.fields(),
                List.of(app.documents().get(0).withoutContent()), app.submittedAt());
        try (KioskStore store = KioskStore.open(dataDir)) {
            assertThatThrownBy(() -> store.applications().saveSubmitted(noBytes)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("documents[0].content is missing");
            assertThat(store.applications().pending()).isEmpty();
        }
    }
}
