package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.cli.Main;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.sync.api.ApplicationSubmission;

/**
 * Issue 13 item 11: a thief with the kiosk's disk. Today the data folder holds {@code store.key} in plain beside the
 * database, so a copy of the folder is a copy of every resident's data. With a TPM 2.0 (here Debian's swtpm) the key
 * is sealed to the TPM and the folder alone (database + sealed key blob) decrypts nothing; and a purged
 * application's ciphertext that is left in the database file or its WAL cannot be decrypted even with the store key,
 * because its own data key was destroyed at purge.
 */
class StoreKeyAttackTest {

    @TempDir
    Path work;

    private SoftwareTpm tpm;
    private String out = "";
    private String err = "";

    @BeforeEach
    void startTpm() throws Exception {
        tpm = SoftwareTpm.start(work.resolve("tpm-state"));
    }

    @AfterEach
    void stopTpm() throws Exception {
        tpm.close();
    }

    @Test
    void dataFolderCopiedOffAKioskWithATpmDecryptsNothing() throws Exception {
        Path data = work.resolve("data");
        assertThat(cli("queue", "demo", "--count", "1", "--data", data.toString(), "--set", "store.tpm=" + tpm.tcti()))
                .as(err).isZero();

        Path stolen = copy(data, work.resolve("stolen"));
        assertThat(Files.exists(stolen.resolve("store.key"))).as("store.key in plain in the data folder").isFalse();
        assertThat(thiefReadsPersonalData(stolen)).as("what the thief decrypts from the copied folder").isEmpty();

        // another TPM (another machine) cannot unseal the key blob; without a TPM the store does not open either
        try (SoftwareTpm other = SoftwareTpm.start(work.resolve("other-tpm-state"))) {
            assertThat(cli("queue", "demo", "--count", "1", "--data", stolen.toString(), "--set",
                    "store.tpm=" + other.tcti())).isNotZero();
            assertThat(err).contains("TPM");
        }
        assertThat(cli("queue", "demo", "--count", "1", "--data", stolen.toString(), "--set", "store.tpm=off"))
                .isNotZero();
        assertThat(err).contains("sealed");

        // the kiosk itself, with its TPM, reads everything
        try (KioskStore store = KioskStore.open(data)) {
            assertThat(store.applications().pending()).hasSize(1);
            assertThat(store.applications().pending().get(0).applicantName()).startsWith("演示居民");
        }
    }

    @Test
    void plainStoreKeyOfAnExistingKioskIsSealedAndRemovedWithoutLosingData() throws Exception {
        Path data = work.resolve("data");
        assertThat(cli("queue", "demo", "--count", "2", "--data", data.toString(), "--set", "store.tpm=off"))
                .as(err).isZero();
        assertThat(Files.exists(data.resolve("store.key"))).isTrue();
        assertThat(thiefReadsPersonalData(data)).hasSize(2); // today's kiosk: the folder gives the data

        assertThat(cli("queue", "demo", "--count", "1", "--data", data.toString(), "--set", "store.tpm=" + tpm.tcti()))
                .as(err).isZero();

        assertThat(Files.exists(data.resolve("store.key"))).as("the plain key after migration").isFalse();
        assertThat(thiefReadsPersonalData(data)).isEmpty();
        try (KioskStore store = KioskStore.open(data)) {
            assertThat(store.applications().pending()).hasSize(3)
                    .allSatisfy(app -> assertThat(app.applicantName()).startsWith("演示居民"));
        }
    }

    @Test
    void purgedApplicationsBytesLeftInTheDatabaseOrWalDoNotDecryptWithTheStoreKey() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/tpmrm0")), "a real TPM here would seal the key this test reads");
        Path data = work.resolve("data");
        ApplicationSubmission app = SampleApplications.application("K0001-20261123-0001");
        byte[] personal;
        byte[] wrappedKey;
        try (KioskStore store = KioskStore.open(data)) {
            store.applications().saveSubmitted(app);
            personal = column(data, "SELECT personal FROM applications WHERE application_id = '" + app.applicationId()
                    + "'");
            wrappedKey = column(data, "SELECT wrapped FROM application_keys WHERE application_id = '"
                    + app.applicationId() + "'");
            store.applications().markAcknowledged(app.applicationId(), Instant.now().minus(Duration.ofDays(10)));
            assertThat(store.retention().purgeExpired(Instant.now(), Duration.ofDays(7))).isEqualTo(1);
        }
        byte[] storeKey = Files.readAllBytes(data.resolve("store.key")); // the worst case: the thief has it
        byte[] files = concat(data.resolve("kiosk.db"), data.resolve("kiosk.db-wal"));

        List<String> recovered = new ArrayList<>();
        decrypt(storeKey, personal, "application:" + app.applicationId()).ifPresent(recovered::add);
        if (wrappedKey != null && indexOf(files, wrappedKey) >= 0) { // a wrapped data key still in the files
            decrypt(storeKey, wrappedKey, "application-key:" + app.applicationId())
                    .map(k -> k.getBytes(StandardCharsets.ISO_8859_1))
                    .flatMap(k -> decrypt(k, personal, "application:" + app.applicationId()))
                    .ifPresent(recovered::add);
        }
        assertThat(recovered).as("the purged application's personal data, from ciphertext %s in the db/WAL files",
                indexOf(files, personal) >= 0 ? "still" : "no longer").isEmpty();
        assertThat(new String(files, StandardCharsets.UTF_8)).doesNotContain("110101199003071234");
    }

    // ---------------------------------------------------------------- the thief's tools

    /** Every personal-data value of the copied folder the thief can decrypt with what lies in it. */
    private static List<String> thiefReadsPersonalData(Path folder) throws Exception {
        Path key = folder.resolve("store.key");
        if (!Files.exists(key)) {
            return List.of();
        }
        byte[] storeKey = Files.readAllBytes(key);
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("kiosk.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT application_id, personal FROM applications")) {
            while (rs.next()) {
                String id = rs.getString(1);
                byte[] sealed = rs.getBytes(2);
                Optional<String> plain = decrypt(storeKey, sealed, "application:" + id);
                if (plain.isEmpty()) {
                    byte[] wrapped = column(folder, "SELECT wrapped FROM application_keys WHERE application_id = '"
                            + id + "'");
                    if (wrapped != null) {
                        plain = decrypt(storeKey, wrapped, "application-key:" + id)
                                .flatMap(k -> decrypt(k.getBytes(StandardCharsets.ISO_8859_1), sealed, "application:" + id));
                    }
                }
                plain.ifPresent(found::add);
            }
        }
        return found;
    }

    /** AES-256-GCM as the kiosk writes it: nonce, then ciphertext and tag; the row's identity as associated data. */
    private static Optional<String> decrypt(byte[] key, byte[] sealed, String context) {
        if (key == null || key.length != 32 || sealed == null || sealed.length < 28) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.ISO_8859_1));
        } catch (java.security.GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] column(Path folder, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("kiosk.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getBytes(1) : null;
        } catch (java.sql.SQLException e) {
            return null; // no such table in this version
        }
    }

    private static byte[] concat(Path... files) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path f : files) {
            if (Files.exists(f)) {
                all.write(Files.readAllBytes(f));
            }
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle == null || needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private int cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }
}
