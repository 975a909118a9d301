package org.openkiosk.app.ui;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.ObjectName;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.flow.Step;
import org.openkiosk.device.printer.PaperState;

/**
 * Drives whole trips through a headless kiosk (the real scene on Monocle, the simulators, the embedded centre) the way
 * the screens do, through the screen models, so every screen's view is built anew on every show as on a real kiosk;
 * every {@code every} trips it prints the heap after a full GC, the JavaFX nodes still alive in the heap and the open
 * file descriptors. Five kinds of trip take turns: a matter without papers, one with a paper, one whose receipt waits
 * for paper and is printed again, a progress lookup that prints a result, and a checklist printed then left to the
 * idle wipe. OCR is off: reading papers is measured by {@code ./kiosk bench ocr}. The heap figure means what is
 * kept alive only when the JVM clears soft references at a full GC ({@code -XX:SoftRefLRUPolicyMSPerMB=0}, as
 * scripts/soak.sh runs it): JavaFX's software pipeline keeps its effect images softly, and they otherwise grow to the
 * heap's limit.
 */
abstract class SoakTrips extends KioskUiTestBase {
    /** One line of figures. */
    record Figures(int trip, long heapBytes, long nodes, long fds) {
        String line() {
            return String.format("trip %4d: heap %6.1f MB  live nodes %6d  open fds %4d", trip, heapBytes / 1048576.0,
                    nodes, fds);
        }
    }

    final List<Figures> figures = new ArrayList<>();

    void startSoakKiosk() throws Exception {
        Properties p = new Properties();
        p.setProperty("kiosk.data", data.toString());
        p.setProperty("idcard.timeout-seconds", "5");
        p.setProperty("camera.ocr", "off");
        startKiosk(KioskConfig.parse(p, data), 1920, 1080, Duration.ofSeconds(3), shell -> null);
    }

    /** Runs {@code trips} trips, printing figures after every {@code every}-th, and the last against the first. */
    void soak(int trips, int every) throws Exception {
        say("soak: " + trips + " trips, figures every " + every);
        for (int i = 1; i <= trips; i++) {
            switch (i % 5) {
                case 1 -> application("flexible-employment-insurance", false);
                case 2 -> application("pension-enrol", false);
                case 3 -> application("pension-enrol", true);
                case 4 -> progressLookup();
                default -> checklistThenIdle("residence-permit");
            }
            if (i % every == 0) {
                Figures f = measure(i);
                figures.add(f);
                say(f.line());
            }
        }
        if (figures.size() >= 2) {
            Figures first = figures.get(0);
            Figures last = figures.get(figures.size() - 1);
            say(String.format("trip %d against trip %d: heap x%.3f  live nodes x%.3f  open fds x%.3f", last.trip(),
                    first.trip(), (double) last.heapBytes() / first.heapBytes(), (double) last.nodes() / first.nodes(),
                    (double) last.fds() / first.fds()));
        }
    }

    private static void say(String line) {
        System.out.println("[soak] " + line);
    }

    private void fx(Runnable action) {
        robot.interact(action);
    }

    private void await(Step step) {
        waitFor(() -> vm.step() == step && !vm.busyProperty().get(), step.toString());
    }

    private void application(String matter, boolean paperOut) {
        fx(vm::start);
        await(Step.CATALOGUE);
        fx(() -> vm.screens().catalogue().choose(matter));
        await(Step.MATERIALS);
        fx(() -> vm.screens().materials().proceed());
        await(Step.FORM);
        fx(() -> {
            for (var row : vm.screens().form().fieldRows()) {
                if (!row.field().choices().isEmpty()) {
                    row.choose(1);
                } else if (row.field().id().equals("phone")) {
                    row.valueProperty().set("13800138000");
                }
            }
            vm.screens().form().next();
        });
        waitFor(() -> vm.step() == Step.CAPTURE || vm.step() == Step.REVIEW, "the papers or the review");
        while (vm.step() == Step.CAPTURE) {
            fx(() -> vm.screens().capture().shoot());
            waitFor(() -> !vm.busyProperty().get(), "the capture");
        }
        await(Step.REVIEW);
        if (paperOut) {
            context.simulated().printer().setPaper(PaperState.END);
        }
        fx(() -> {
            vm.screens().review().consentProperty().set(true);
            vm.screens().review().submit();
        });
        await(Step.DONE);
        if (paperOut) {
            context.simulated().printer().setPaper(PaperState.OK);
            fx(() -> vm.screens().done().reprint());
            await(Step.DONE);
        }
        fx(() -> vm.screens().done().toRating());
        await(Step.RATING);
        fx(() -> {
            vm.screens().rating().choose(Rating.SATISFIED);
            vm.screens().rating().finish();
        });
        await(Step.HOME);
    }

    private void progressLookup() throws Exception {
        String issued = issueResultForLatest();
        fx(vm::startProgress);
        await(Step.PROGRESS);
        if (issued != null) {
            var row = vm.screens().progress().rows().stream().filter(r -> r.applicationId().equals(issued)).findFirst();
            row.ifPresent(r -> {
                fx(() -> vm.screens().progress().printResult(r.applicationId(), r.applicationNo()));
                waitFor(() -> !vm.screens().progress().printedProperty().get().isEmpty(), "the result to print");
            });
        }
        fx(vm::endSession);
        await(Step.HOME);
    }

    /** The centre decides the latest application that reached it and issues a result; the kiosk pulls it. */
    private String issueResultForLatest() throws Exception {
        context.sync().syncOnce();
        String id;
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("kiosk.db"));
             var rs = conn.createStatement().executeQuery(
                     "SELECT application_id FROM applications ORDER BY rowid DESC LIMIT 1")) {
            if (!rs.next()) {
                return null;
            }
            id = rs.getString(1);
        }
        if (context.centre().findApplication(id).isEmpty()) {
            return null;
        }
        byte[] pdf = "%PDF-1.4\n% result notice\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        context.centre().decide(id, "accepted", null, null, null, null);
        context.centre().decide(id, "completed", "准予办理", "result.pdf", "application/pdf", pdf);
        context.sync().syncOnce();
        return id;
    }

    private void checklistThenIdle(String matter) {
        fx(vm::start);
        await(Step.CATALOGUE);
        fx(() -> vm.screens().catalogue().choose(matter));
        await(Step.MATERIALS);
        fx(() -> vm.screens().materials().printChecklist());
        waitFor(() -> !vm.busyProperty().get(), "the checklist");
        int session = vm.sessionProperty().get();
        waitFor(() -> vm.sessionProperty().get() != session && vm.step() == Step.HOME, "the idle wipe");
    }

    /** Heap after a full GC, JavaFX nodes alive in the heap (a class histogram), open file descriptors. */
    private Figures measure(int trip) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Figures(trip, heap, liveNodes(), openFds());
    }

    /** Instances of javafx.scene.Node subclasses in the heap, from the JVM's class histogram (after a full GC). */
    static long liveNodes() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        long nodes = 0;
        for (String line : histogram.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length < 4 || !cols[0].endsWith(":")) {
                continue;
            }
            String name = cols[3];
            if (!name.startsWith("javafx.") && !name.startsWith("org.openkiosk.") && !name.startsWith("com.sun.javafx.")) {
                continue;
            }
            try {
                Class<?> c = Class.forName(name, false, SoakTrips.class.getClassLoader());
                if (javafx.scene.Node.class.isAssignableFrom(c)) {
                    nodes += Long.parseLong(cols[1]);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // hidden or array classes: not nodes
            }
        }
        return nodes;
    }

    static long openFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
