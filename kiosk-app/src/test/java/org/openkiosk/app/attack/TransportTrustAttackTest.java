package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.centre.CentreServer;

/**
 * Issue 13 item 3, the transport: a kiosk talks TLS to its centre through a government network's private CA
 * ({@code centre.ca-file}), refuses a centre whose certificate comes from any other CA, and refuses a centre key other
 * than the one it pinned at enrolment, even under a certificate the CA signed. The centre sits behind a real TLS
 * terminator; the kiosk is driven through {@code ./kiosk enrol} and {@code ./kiosk sync --once}.
 */
class TransportTrustAttackTest {

    @TempDir
    static Path pkiDir;
    private static TestPki governmentCa;
    private static Path centreKey;
    private static Path otherCentreKey;
    private static Path rogueCentreKey;

    @TempDir
    Path dir;
    private CentreServer centre;
    private TlsTerminator tls;
    private Path data;

    @BeforeAll
    static void certificates() throws Exception {
        governmentCa = TestPki.create(pkiDir, "Test Government Private CA");
        centreKey = governmentCa.serverKeyStore("centre");
        otherCentreKey = governmentCa.serverKeyStore("centre-other-key");
        rogueCentreKey = TestPki.create(pkiDir, "Rogue CA").serverKeyStore("centre");
    }

    @BeforeEach
    void centreBehindTls() throws Exception {
        centre = CentreServer.start(dir.resolve("centre"), 0);
        data = dir.resolve("kiosk-data");
    }

    @AfterEach
    void stop() throws Exception {
        if (tls != null) {
            tls.close();
        }
        centre.close();
    }

    @Test
    void aCentreWithACertificateFromAnUnknownCaIsRefused() throws Exception {
        tls = TlsTerminator.start(rogueCentreKey, 0, centre.port());
        Path config = config(tls.url(), governmentCa.caPem());
        String code = centre.issueEnrolmentCode("K0001").code();

        KioskCli enrol = KioskCli.run("enrol", "--centre", tls.url(), "--code", code, "--config", config.toString());

        assertThat(enrol.exit).as(enrol.toString()).isEqualTo(1);
        assertThat(enrol.err).as(enrol.toString()).contains("certificate").contains("not trusted");
        assertThat(data.resolve(KioskCredential.FILE_NAME)).doesNotExist();
    }

    @Test
    void aCentreUnderThePrivateCaNamedInCaFileIsTrustedAndItsKeyPinned() throws Exception {
        tls = TlsTerminator.start(centreKey, 0, centre.port());
        Path config = config(tls.url(), governmentCa.caPem());

        KioskCli enrol = KioskCli.run("enrol", "--centre", tls.url(), "--code",
                centre.issueEnrolmentCode("K0001").code(), "--config", config.toString());

        assertThat(enrol.exit).as(enrol.toString()).isZero();
        assertThat(credentialFile().getProperty("centre.pin")).isEqualTo(TestPki.spkiPin(centreKey));
        queueOneApplication();
        KioskCli sync = KioskCli.run("sync", "--once", "--config", config.toString());
        assertThat(sync.exit).as(sync.toString()).isZero();
        assertThat(centre.applicationCount()).isEqualTo(1);
    }

    @Test
    void withoutTheCaFileThePrivateCaIsNotTrusted() throws Exception {
        tls = TlsTerminator.start(centreKey, 0, centre.port());
        Path config = config(tls.url(), null);

        KioskCli enrol = KioskCli.run("enrol", "--centre", tls.url(), "--code",
                centre.issueEnrolmentCode("K0001").code(), "--config", config.toString());

        assertThat(enrol.exit).as(enrol.toString()).isEqualTo(1);
        assertThat(enrol.err).contains("not trusted").contains("centre.ca-file");
    }

    @Test
    void aCentreKeyOtherThanThePinnedOneIsRefusedEvenWithACertificateFromTheSameCa() throws Exception {
        tls = TlsTerminator.start(centreKey, 0, centre.port());
        Path config = config(tls.url(), governmentCa.caPem());
        KioskCli enrol = KioskCli.run("enrol", "--centre", tls.url(), "--code",
                centre.issueEnrolmentCode("K0001").code(), "--config", config.toString());
        assertThat(enrol.exit).as(enrol.toString()).isZero();
        int port = tls.port();
        tls.close();
        // someone who got a certificate for the centre's address from the same CA stands in its place
        tls = TlsTerminator.start(otherCentreKey, port, centre.port());
        queueOneApplication();
        long heartbeats = centre.heartbeatCount();

        KioskCli sync = KioskCli.run("sync", "--once", "--config", config.toString());

        assertThat(sync.exit).as(sync.toString()).isEqualTo(1);
        assertThat(sync.err).contains("pinned");
        assertThat(centre.applicationCount()).isZero();
        assertThat(centre.heartbeatCount()).isEqualTo(heartbeats);
        try (KioskStore store = KioskStore.open(data)) {
            assertThat(store.applications().figures().pending()).isEqualTo(1);
            assertThat(store.applications().figures().lastError()).contains("pinned");
        }
    }

    @Test
    void withNoPinAtEnrolmentOnlyTheCaDecides() throws Exception {
        tls = TlsTerminator.start(centreKey, 0, centre.port());
        Path config = config(tls.url(), governmentCa.caPem());
        KioskCli enrol = KioskCli.run("enrol", "--centre", tls.url(), "--code",
                centre.issueEnrolmentCode("K0001").code(), "--config", config.toString(), "--no-pin");
        assertThat(enrol.exit).as(enrol.toString()).isZero();
        assertThat(credentialFile().getProperty("centre.pin")).isNull();
        int port = tls.port();
        tls.close();
        tls = TlsTerminator.start(otherCentreKey, port, centre.port()); // the centre's key rotated, same CA
        queueOneApplication();

        KioskCli sync = KioskCli.run("sync", "--once", "--config", config.toString());

        assertThat(sync.exit).as(sync.toString()).isZero();
        assertThat(centre.applicationCount()).isEqualTo(1);
    }

    @Test
    void aCentreServingTlsItselfIsTrustedThroughTheCaFileAndItsKeyPinned() throws Exception {
        try (CentreServer https = CentreServer.startTls(dir.resolve("https-centre"), null, "127.0.0.1", 0,
                java.time.Clock.systemUTC(), org.openkiosk.centre.core.FleetSettings.defaults(),
                new org.openkiosk.centre.http.TlsTransport(centreKey, TestPki.PASSWORD))) {
            assertThat(https.baseUrl()).startsWith("https://127.0.0.1:");
            Path config = config(https.baseUrl(), governmentCa.caPem());

            KioskCli enrol = KioskCli.run("enrol", "--centre", https.baseUrl(), "--code",
                    https.issueEnrolmentCode("K0001").code(), "--config", config.toString());

            assertThat(enrol.exit).as(enrol.toString()).isZero();
            assertThat(credentialFile().getProperty("centre.pin")).isEqualTo(TestPki.spkiPin(centreKey));
            queueOneApplication();
            KioskCli sync = KioskCli.run("sync", "--once", "--config", config.toString());
            assertThat(sync.exit).as(sync.toString()).isZero();
            assertThat(https.applicationCount()).isEqualTo(1);
        }
    }

    private void queueOneApplication() {
        try (KioskStore store = KioskStore.open(data)) {
            store.applications().saveSubmitted(SampleApplications.application("K0001-20261201-0001"));
        }
    }

    private Properties credentialFile() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(data.resolve(KioskCredential.FILE_NAME), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private Path config(String centreUrl, Path caFile) throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.id", "K0001");
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("centre.url", centreUrl);
        if (caFile != null) {
            p.setProperty("centre.ca-file", caFile.toString());
        }
        Path file = dir.resolve("kiosk.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return file;
    }
}
