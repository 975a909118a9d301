package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.util.Deque;

/**
 * One {@code ./kiosk} command. Output for people and scripts goes to {@code out}; plain error messages to
 * {@code err}. Throw {@link Main.UsageException} for a usage error (exit 2); any other exception is printed as
 * one line (exit 1), never as a stack trace.
 */
interface Command {
    /** The lines this command adds to {@code ./kiosk help}, indented like the others. */
    String usage();

    int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception;
}
