package org.openkiosk.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CUPS virtual PDF printer for the print command tests (the same as print-templates' CupsPdfQueue): starts {@code cupsd} in the foreground when no scheduler is running
 * (and stops it afterwards), and creates the queue {@value #QUEUE} on the cups-pdf backend when missing. Printed
 * jobs land as PDF files in {@code $HOME/PDF} (cups-pdf's {@code Out ${HOME}/PDF}). Needs the packages of
 * scripts/packages/*-print.txt; fails, never skips, without them.
 */
public final class PrintCupsQueue implements BeforeAllCallback, AfterAllCallback {
    public static final String QUEUE = "KioskPDF";
    private static Process cupsd;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (!schedulerRunning()) {
            if (!Files.isExecutable(Path.of("/usr/sbin/cupsd"))) {
                throw new IllegalStateException("cupsd is not installed: run scripts/install-system-deps.sh");
            }
            cupsd = new ProcessBuilder("/usr/sbin/cupsd", "-f").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!schedulerRunning()) {
                if (!cupsd.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cupsd did not start");
                }
                Thread.sleep(100);
            }
        }
        if (run("lpstat", "-p", QUEUE).exit() != 0) {
            Result r = run("lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
                    "-o", "PageSize=A4", "-E");
            if (r.exit() != 0) {
                throw new IllegalStateException("cannot create CUPS queue " + QUEUE + ": " + r.output());
            }
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        if (cupsd != null) {
            cupsd.destroy();
            if (!cupsd.waitFor(10, TimeUnit.SECONDS)) {
                cupsd.destroyForcibly();
            }
            cupsd = null;
        }
    }

    /** Where cups-pdf writes the jobs of this user. */
    public static Path outputDir() {
        return Path.of(System.getProperty("user.home"), "PDF");
    }

    /** Waits for a PDF newer than {@code sinceMillis} in {@link #outputDir()} whose size has settled. */
    public static Path awaitPdf(long sinceMillis, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastSize = -1;
        while (System.nanoTime() < deadline) {
            Optional<Path> newest = newest(sinceMillis);
            if (newest.isPresent()) {
                long size = Files.size(newest.get());
                if (size > 0 && size == lastSize) {
                    return newest.get();
                }
                lastSize = size;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no PDF appeared in " + outputDir() + " within " + timeout.toSeconds() + " s; queue: "
                + run("lpstat", "-o").output());
    }

    private static Optional<Path> newest(long sinceMillis) throws IOException {
        if (!Files.isDirectory(outputDir())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(outputDir())) {
            return files.filter(p -> p.toString().endsWith(".pdf")).filter(p -> modified(p) >= sinceMillis)
                    .max(Comparator.comparingLong(PrintCupsQueue::modified));
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean schedulerRunning() throws Exception {
        Result r = run("lpstat", "-r");
        return r.exit() == 0 && r.output().contains("is running");
    }

    record Result(int exit, String output) {
    }

    static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }
}
