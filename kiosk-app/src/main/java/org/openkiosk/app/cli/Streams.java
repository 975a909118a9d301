package org.openkiosk.app.cli;

import java.io.PrintStream;

/**
 * Where a command prints: {@code out} for people and scripts, {@code err} for plain error messages. Handed to every
 * command by constructor, so a test runs the whole command line in-process with both captured.
 */
record Streams(PrintStream out, PrintStream err) {
}
