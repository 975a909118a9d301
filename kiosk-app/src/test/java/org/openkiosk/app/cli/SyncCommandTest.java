package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;

/** The technician commands end to end: centre enrol, enrol, queue demo, sync --once, sync status, against a real centre. */
class SyncCommandTest {

    @TempDir
    Path kioskDir;
    @TempDir
    Path centreDir;

    private CentreServer centre;
    private final CliRun kiosk = CliRun.lastRunOnly();

    @BeforeEach
    void startCentre() {
        centre = CentreServer.start(centreDir, 0);
    }

    @AfterEach
    void stopCentre() {
        centre.close();
    }

    /** {@code centre enrol} on the running centre's data, then {@code enrol}; returns the code used. */
    private String enrol(String kioskId) {
        assertThat(kiosk.run("centre", "enrol", "--data", centreDir.toString(), "--kiosk-id", kioskId)).isZero();
        List<String> lines = kiosk.out().lines().toList();
        String code = lines.get(lines.size() - 1);
        assertThat(code).matches("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}");
        assertThat(kiosk.run("enrol", "--centre", centre.baseUrl(), "--code", code, "--data", kioskDir.toString())).isZero();
        assertThat(kiosk.out()).contains("enrolled as kiosk " + kioskId);
        return code;
    }

    private JsonNode status() throws Exception {
        assertThat(kiosk.run("sync", "status", "--json", "--data", kioskDir.toString())).isZero();
        return Json.mapper().readTree(kiosk.out());
    }

    @Test
    void enrolledKioskQueuesDemoApplicationsAndSyncOnceDeliversThemByteIdentical() throws Exception {
        enrol("K0001");
        assertThat(kiosk.run("queue", "demo", "--count", "3", "--document-kb", "300", "--data", kioskDir.toString())).isZero();
        assertThat(kiosk.out()).contains("queued 3 demo application(s) for kiosk K0001").contains("pending: 3");
        Map<String, ApplicationSubmission> queued;
        String rated;
        try (KioskStore store = KioskStore.open(kioskDir)) {
            queued = store.applications().pending().stream().collect(Collectors.toMap(ApplicationSubmission::applicationId, Function.identity()));
            rated = store.applications().pendingIds().get(0);
            store.ratings().saveRating(rated, 1, "读卡器反应慢", java.time.Instant.parse("2026-11-23T09:00:00Z"));
        }
        JsonNode before = status();
        assertThat(before.get("pending").asInt()).isEqualTo(3);
        assertThat(before.get("pendingRatings").asInt()).as("a rating waits for its application").isEqualTo(1);
        assertThat(before.get("acknowledged").asInt()).isZero();
        assertThat(before.get("lastSuccess").isNull()).isTrue();
        assertThat(before.get("lastError").isNull()).isTrue();

        assertThat(kiosk.run("sync", "--once", "--data", kioskDir.toString())).as(kiosk.err()).isZero();
        assertThat(kiosk.out()).contains("sent 3 application(s)").contains("pending 0, acknowledged 3");

        JsonNode after = status();
        assertThat(after.get("pending").asInt()).isZero();
        assertThat(after.get("acknowledged").asInt()).isEqualTo(3);
        assertThat(after.get("lastSuccess").asText()).isNotBlank();
        assertThat(after.get("pendingRatings").asInt()).isZero();
        assertThat(centre.applicationCount()).isEqualTo(3);
        assertThat(centre.ratingsOf(rated)).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("读卡器反应慢"));
        for (ApplicationSubmission app : queued.values()) {
            ApplicationSubmission atCentre = centre.findApplication(app.applicationId()).orElseThrow();
            assertThat(atCentre.kioskId()).isEqualTo("K0001");
            assertThat(atCentre.idNumber()).isEqualTo(app.idNumber());
            assertThat(atCentre.documents()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(atCentre.documents().get(i).content()).isEqualTo(app.documents().get(i).content());
            }
            // real files of the kinds a kiosk makes: a decodable JPEG of the size asked for, and a PDF
            byte[] photo = atCentre.documents().get(0).content();
            assertThat(photo.length).isBetween(300 * 1024, 300 * 1024 + 8 * 1024);
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo)).getWidth()).isEqualTo(160);
            assertThat(new String(atCentre.documents().get(1).content(), java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("%PDF-1.4").endsWith("%%EOF\n");
        }
        assertThat(kiosk.run("sync", "--once", "--data", kioskDir.toString())).isZero();
        assertThat(centre.applicationCount()).isEqualTo(3);
    }

    @Test
    void credentialIsKeptOutsideTheDatabaseReadableByOwnerOnly() throws Exception {
        enrol("K0007");

        Path file = kioskDir.resolve(KioskCredential.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        KioskCredential credential = KioskCredential.load(kioskDir).orElseThrow();
        assertThat(credential.kioskId()).isEqualTo("K0007");
        assertThat(credential.centreUrl()).isEqualTo(centre.baseUrl());
        assertThat(credential.toString()).doesNotContain(credential.token());
        assertThat(kiosk.err()).contains("set kiosk.id=K0007");
    }

    @Test
    void codeCannotBeUsedTwice() {
        String code = enrol("K0001");

        assertThat(kiosk.run("enrol", "--centre", centre.baseUrl(), "--code", code, "--data", kioskDir.toString())).isEqualTo(1);
        assertThat(kiosk.err()).contains("enrolment refused").contains("already used").doesNotContain("Exception");
    }

    @Test
    void syncOnceWithoutEnrolmentSaysHowToEnrol() {
        assertThat(kiosk.run("queue", "demo", "--count", "1", "--data", kioskDir.toString())).isZero();

        assertThat(kiosk.run("sync", "--once", "--data", kioskDir.toString(), "--centre", centre.baseUrl())).isEqualTo(1);
        assertThat(kiosk.err()).contains("not enrolled").contains("./kiosk enrol");
    }

    @Test
    void syncOnceAgainstUnreachableCentreExitsOneAndKeepsTheQueue() throws Exception {
        enrol("K0001");
        assertThat(kiosk.run("queue", "demo", "--count", "2", "--data", kioskDir.toString())).isZero();
        int port = centre.port();
        centre.close();

        assertThat(kiosk.run("sync", "--once", "--data", kioskDir.toString())).isEqualTo(1);
        assertThat(kiosk.err()).contains("2 still pending").contains("cannot reach the centre");
        JsonNode status = status();
        assertThat(status.get("pending").asInt()).isEqualTo(2);
        assertThat(status.get("lastError").asText()).contains("cannot reach the centre");

        centre = CentreServer.start(centreDir, port);
        assertThat(kiosk.run("sync", "--once", "--data", kioskDir.toString())).isZero();
        assertThat(status().get("lastError").isNull()).isTrue();
    }

    @Test
    void badTechnicianCommandLinesAreUsageErrors() {
        assertThat(kiosk.run("queue", "demo", "--data", kioskDir.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("--count");
        assertThat(kiosk.run("queue", "demo", "--count", "many")).isEqualTo(2);
        assertThat(kiosk.run("queue", "--count", "1")).isEqualTo(2);
        assertThat(kiosk.run("sync", "--data", kioskDir.toString())).isEqualTo(2);
        assertThat(kiosk.run("sync", "--once", "--centre", "ftp://x")).isEqualTo(2);
        assertThat(kiosk.run("enrol", "--centre", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(kiosk.run("centre", "enrol", "--data", centreDir.toString())).isEqualTo(2);
        assertThat(kiosk.run("centre", "enrol", "--data", centreDir.toString(), "--kiosk-id", "bad id!")).isEqualTo(2);
        assertThat(kiosk.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void centreStaffCreatesAConsoleAccountWithThePasswordFromStandardInput() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--roles", "clerk"))
                    .as(kiosk.err()).isZero();
            assertThat(kiosk.out()).contains("staff account li.clerk saved with roles clerk");
            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "li.clerk", "--roles", "clerk"))
                    .isEqualTo(2);
            assertThat(kiosk.err()).contains("at least 10 characters");
            assertThat(kiosk.run("centre", "staff", "--data", centreDir.toString(), "--user", "x", "--roles", "boss")).isEqualTo(2);
            assertThat(kiosk.err()).contains("unknown role 'boss'");
        } finally {
            System.setIn(stdin);
        }
        var login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(centre.baseUrl() + "/console/api/login")).header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers
                .ofString("{\"username\":\"li.clerk\",\"password\":\"correct horse battery\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
    }

    @Test
    void humanStatusSaysWhetherTheKioskIsEnrolled() {
        assertThat(kiosk.run("sync", "status", "--data", kioskDir.toString())).isZero();
        assertThat(kiosk.out()).contains("pending       0").contains("enrolled      no");
    }
}
