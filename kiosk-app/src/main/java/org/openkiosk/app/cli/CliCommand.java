package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * One runnable {@code ./kiosk} command: picocli fills its annotated options, then calls {@link #call()} for the exit
 * code. Every command takes the configuration options ({@code --config}, {@code --set}, {@code -D}). Throw
 * {@link Main.UsageException} for a usage error (exit 2); any other exception is printed as one line (exit 1), never
 * as a stack trace.
 */
abstract class CliCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    @Mixin
    ConfigOptions options;

    CliCommand(Streams streams) {
        this.out = streams.out();
        this.err = streams.err();
    }
}
