package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.config.ConfigEditor;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.SampleApplications;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;

/**
 * Issue 13 item 2: someone holding the technician PIN edits {@code centre.url} to a server of theirs. The kiosk's
 * bearer token and its residents' applications must go only to the centre the kiosk was enrolled at; a different
 * centre needs a new enrolment, and plain {@code http://} is only for a centre on the kiosk itself (loopback).
 */
class CentreUrlRedirectAttackTest {

    @TempDir
    Path dir;

    private CentreServer centre;
    private InterceptingServer attacker;
    private Kiosk kiosk;
    private Path data;
    private Path configFile;
    private KioskCredential credential;

    @BeforeEach
    void enrolledKiosk() throws Exception {
        centre = CentreServer.start(dir.resolve("centre"), 0);
        attacker = InterceptingServer.attacker(InetAddress.getLoopbackAddress());
        data = dir.resolve("kiosk-data");
        credential = new CentreClient(URI.create(centre.baseUrl()), Duration.ofSeconds(5))
                .enrol(centre.issueEnrolmentCode("K0001").code());
        credential.save(data);
        configFile = dir.resolve("kiosk.properties");
        Properties p = new Properties();
        p.setProperty("kiosk.id", "K0001");
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("centre.url", centre.baseUrl());
        p.setProperty("camera.ocr", "off");
        p.setProperty("sync.interval-seconds", "3600");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
    }

    @AfterEach
    void stop() {
        if (kiosk != null) {
            kiosk.close();
        }
        attacker.close();
        centre.close();
    }

    @Test
    void aCentreUrlEditedOnTheTechnicianScreenGetsNoTokenAndNoApplication() throws Exception {
        new ConfigEditor(configFile).save(Map.of("centre.url", attacker.url())); // the technician screen's save
        try (CapturedLog log = CapturedLog.start()) {
            kiosk = KioskRoot.start(KioskConfig.load(configFile, Map.of()));
            ApplicationSubmission app = SampleApplications.application("K0001-20261201-0001");
            kiosk.store().applications().saveSubmitted(app);

            kiosk.sync().syncOnce();

            assertThat(attacker.seen()).as("requests that reached the attacker").isEmpty();
            assertThat(centre.applicationCount()).isZero();
            assertThat(kiosk.store().applications().figures().pending()).isEqualTo(1);
            assertThat(kiosk.store().applications().figures().lastError())
                    .contains(attacker.url()).contains(credential.centreUrl())
                    .contains("./kiosk enrol --centre");
            assertThat(log.text()).contains(attacker.url()).contains("./kiosk enrol --centre");
        }
        kiosk.close();
        kiosk = null;

        KioskCli status = KioskCli.run("sync", "status", "--config", configFile.toString());
        assertThat(status.exit).as(status.toString()).isZero();
        assertThat(status.out).contains(attacker.url()).contains("new enrolment").contains("./kiosk enrol --centre");
    }

    @Test
    void syncOnceToAnotherCentreOnTheCommandLineSendsNothingThere() throws Exception {
        try (KioskStore store = KioskStore.open(data)) {
            store.applications().saveSubmitted(SampleApplications.application("K0001-20261201-0002"));
        }

        KioskCli sync = KioskCli.run("sync", "--once", "--centre", attacker.url(), "--config", configFile.toString());

        assertThat(sync.exit).as(sync.toString()).isNotZero();
        assertThat(sync.err).contains("./kiosk enrol --centre");
        assertThat(attacker.seen()).isEmpty();
    }

    @Test
    void theEnrolledCentreKeepsWorkingForAKioskEnrolledBeforeTheChange() throws Exception {
        // a credential file as kiosks wrote it before this change: id, centre URL and token only
        Properties old = new Properties();
        old.setProperty("kiosk.id", credential.kioskId());
        old.setProperty("centre.url", credential.centreUrl());
        old.setProperty("token", credential.token());
        try (Writer w = Files.newBufferedWriter(data.resolve(KioskCredential.FILE_NAME), StandardCharsets.UTF_8)) {
            old.store(w, null);
        }
        kiosk = KioskRoot.start(KioskConfig.load(configFile, Map.of()));
        kiosk.store().applications().saveSubmitted(SampleApplications.application("K0001-20261201-0003"));

        kiosk.sync().syncOnce();

        assertThat(centre.applicationCount()).isEqualTo(1);
        assertThat(kiosk.store().applications().figures().pending()).isZero();
    }

    @Test
    void plainHttpIsRefusedForACentreThatIsNotOnLoopback() throws Exception {
        for (String url : new String[] {"http://centre.example.gov.cn:8080", "http://192.0.2.10:8080",
                "http://[2001:db8::1]:8080", "http://127.0.0.1.attacker.example:8080"}) {
            assertThatThrownBy(() -> config(url)).as(url).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("centre.url").hasMessageContaining("https://");
            assertThatThrownBy(() -> new ConfigEditor(configFile).save(Map.of("centre.url", url))).as(url)
                    .isInstanceOf(ConfigException.class);
        }
        for (String url : new String[] {"http://127.0.0.1:8080", "http://127.9.0.1:8080", "http://localhost:8080",
                "http://[::1]:8080", "https://centre.example.gov.cn", "embedded"}) {
            assertThat(config(url).centre().url()).as(url).isEqualTo(url);
        }
    }

    @Test
    void enrolmentOverPlainHttpToANonLoopbackAddressSendsNothing() throws Exception {
        InetAddress lan = nonLoopbackAddress();
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address");
        try (InterceptingServer onLan = InterceptingServer.attacker(InetAddress.getByName("0.0.0.0"))) {
            String url = "http://" + lan.getHostAddress() + ":" + onLan.port();

            KioskCli enrol = KioskCli.run("enrol", "--centre", url, "--code", "AAAA-BBBB-CCCC-DDDD",
                    "--data", dir.resolve("other-data").toString(), "--config", configFile.toString());

            assertThat(enrol.exit).as(enrol.toString()).isNotZero();
            assertThat(enrol.err).contains("https://");
            assertThat(onLan.seen()).as("what reached the server on the network").isEmpty();
        }
    }

    private KioskConfig config(String url) throws ConfigException {
        Properties p = new Properties();
        p.setProperty("centre.url", url);
        return KioskConfig.parse(p, dir);
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
