package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.desk.KioskDesk;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.Step;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.printer.PaperState;

/**
 * Issue 14: a session ended after a whole trip (card, form, paper, receipt, then the progress lookup and a result
 * printed) leaves nothing of the resident: every screen model is as a new kiosk's, the resident's session is a new one
 * with nothing in it, and no temporary file holds their name or application number.
 */
class KioskSessionEndTest extends KioskUiTestBase {
    private static final String NAME = IdCardSimulator.sampleResident().name();

    @Test
    void endingTheSessionAfterAWholeTripLeavesEveryModelAndSessionObjectAsNew() throws Exception {
        Instant started = Instant.now();
        Set<Path> before = temporaryFiles();
        startKiosk(Duration.ofMinutes(10));
        List<String> asNew = SessionResidue.texts(vm.screens());
        ResidentSession first = vm.residentSession();

        // the application: card, form, one paper, the receipt (first kept by the desk while the paper is out)
        startHrssMatter("pension-enrol");
        waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
        scrollIntoView(robot.lookup("#field-phone").query());
        robot.clickOn("#field-phone").write("13500135000");
        click("#field-contributionLevel-1");
        click("#form-next");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        click("#review-consent");
        context.simulated().printer().setPaper(PaperState.END);
        click("#review-submit");
        String no = text("#application-no");
        assertThat(((KioskDesk) first.desk()).unprintedCount()).as("the receipt waits in this session's desk").isEqualTo(1);
        context.simulated().printer().setPaper(PaperState.OK);
        click("#done-reprint");
        waitFor(() -> !context.simulated().printer().receipts().isEmpty(), "the receipt to be cut");
        click("#done-rate");
        click("#rating-SATISFIED");
        click("#rating-home");
        assertEverythingAsNew(first, asNew, no);

        // the progress lookup: card, the application, its result printed
        waitFor(() -> context.centre().applicationCount() == 1, "the application to reach the centre");
        String id = onlyApplicationId();
        byte[] pdf = "%PDF-1.4\n% result notice\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(context.centre().decide(id, "accepted", null, null, null, null)).isTrue();
        assertThat(context.centre().decide(id, "completed", "准予办理", "result-notice.pdf", "application/pdf", pdf)).isTrue();
        context.sync().syncOnce();
        ResidentSession second = vm.residentSession();
        click("#progress");
        click("#print-result-" + no);
        waitFor(() -> !text("#progress-printed").isEmpty(), "the result to print");
        assertThat(second.progress().applications()).isNotEmpty();
        click("#progress-done");
        assertEverythingAsNew(second, asNew, no);

        assertNoTemporaryFileHolds(started, before, NAME, no);
    }

    private void assertEverythingAsNew(ResidentSession ended, List<String> asNew, String applicationNo) {
        waitFor(() -> vm.step() == Step.HOME, "home");
        assertNothingOfResidentOnScreen(NAME, applicationNo);
        // the shell's own properties
        assertThat(vm.problem()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.idleCountdownProperty().get()).isZero();
        assertThat(vm.localeProperty().get()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(vm.elderlyProperty().get()).isFalse();
        // every screen model: new, and holding exactly what a new kiosk's hold
        assertThat(SessionResidue.texts(vm.screens())).as("every screen model property as on a new kiosk")
                .isEqualTo(asNew);
        // every session-scoped object: new, and empty
        ResidentSession now = vm.residentSession();
        assertThat(now).as("a new session, not a cleared one").isNotSameAs(ended);
        assertThat(now.step()).isEqualTo(Step.HOME);
        var trip = now.application();
        assertThat(trip).isNotSameAs(ended.application());
        assertThat(trip.step()).isEqualTo(Step.HOME);
        assertThat(trip.matter()).isEmpty();
        assertThat(trip.applicant()).isEmpty();
        assertThat(trip.fields()).isEmpty();
        assertThat(trip.captures()).isEmpty();
        assertThat(trip.submitted()).isEmpty();
        assertThat(trip.consented()).isFalse();
        var lookup = now.progress();
        assertThat(lookup).isNotSameAs(ended.progress());
        assertThat(lookup.step()).isEqualTo(Step.HOME);
        assertThat(lookup.applicant()).isEmpty();
        assertThat(lookup.applications()).isEmpty();
        assertThat(now.desk()).isNotSameAs(ended.desk());
        assertThat(((KioskDesk) now.desk()).unprintedCount()).isZero();
        assertThat(vm.screens().capture().preview().imageProperty().get()).as("the camera picture").isNull();
        assertThat(vm.screens().capture().lastShotProperty().get()).isNull();
    }

    private static Set<Path> temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 2)) {
            return files.collect(Collectors.toSet());
        }
    }

    /**
     * Files made in java.io.tmpdir since the kiosk started (two levels, as the idle-wipe test looks; not the files of
     * whatever else runs on the machine, such as a build's log) and files written to the kiosk's data/tmp.
     */
    private void assertNoTemporaryFileHolds(Instant since, Set<Path> before, String... secrets) throws Exception {
        List<byte[]> needles = new ArrayList<>();
        for (String s : secrets) {
            needles.add(s.getBytes(StandardCharsets.UTF_8));
            needles.add(s.getBytes(Charset.forName("GB18030"))); // what the receipt printer is sent
        }
        List<Path> found = new ArrayList<>();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.walk(tmp, 2)) {
            files.filter(p -> !before.contains(p) && !p.startsWith(data)).filter(p -> written(p, since)).filter(p -> holds(p, needles))
                    .forEach(found::add);
        }
        Path kioskTmp = data.resolve("tmp");
        if (Files.isDirectory(kioskTmp)) {
            try (Stream<Path> files = Files.walk(kioskTmp)) {
                files.filter(p -> written(p, since)).filter(p -> holds(p, needles)).forEach(found::add);
            }
        }
        assertThat(found).as("temporary files holding the resident's name or application number").isEmpty();
    }

    private String onlyApplicationId() throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery("SELECT application_id FROM applications")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static boolean written(Path p, Instant since) {
        try {
            return Files.isRegularFile(p) && Files.getLastModifiedTime(p).toInstant().isAfter(since)
                    && Files.size(p) < 50_000_000;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean holds(Path p, List<byte[]> needles) {
        byte[] hay;
        try {
            hay = Files.readAllBytes(p);
        } catch (Exception e) {
            return false;
        }
        for (byte[] needle : needles) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
