package org.openkiosk.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./kiosk ...} as a technician types it, run in-process through {@link Main#run} with standard output and
 * standard error captured, for a test to read as text.
 */
final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final boolean lastRunOnly;

    private CliRun(boolean lastRunOnly) {
        this.lastRunOnly = lastRunOnly;
    }

    /** What every run printed, one run after another, until {@link #clear()}. */
    static CliRun keepingOutput() {
        return new CliRun(false);
    }

    /** Only what the last run printed: each run starts with empty output. */
    static CliRun lastRunOnly() {
        return new CliRun(true);
    }

    /** Runs the command line; returns its exit code. */
    int run(String... args) {
        if (lastRunOnly) {
            clear();
        }
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Standard output so far. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error so far. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was printed so far. */
    void clear() {
        out.reset();
        err.reset();
    }
}
