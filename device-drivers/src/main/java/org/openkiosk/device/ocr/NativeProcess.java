package org.openkiosk.device.ocr;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The two things about the process that native OCR libraries need from us and Java cannot do itself: an environment
 * variable set before a library is loaded (OpenMP reads {@code OMP_THREAD_LIMIT} once, at load), and the native
 * standard output moved aside, because the PaddleOCR library prints progress with {@code printf} straight to
 * file descriptor 1, which a command writing JSON lines must keep clean.
 */
public final class NativeProcess {
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int dup(int fd);

        int dup2(int from, int to);
    }

    private static volatile LibC libc;

    private NativeProcess() {
    }

    private static LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }

    /** Sets a variable in the process environment (where native libraries read it), if not already set. */
    public static void setenvIfAbsent(String name, String value) {
        try {
            libc().setenv(name, value, 0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // not Linux/glibc: the variable stays as the launcher set it
        }
    }

    /**
     * Points native stdout (fd 1) at stderr and returns a stream on the original stdout. Everything Java or native
     * code prints to "stdout" from now on lands on stderr; only what is written to the returned stream reaches the
     * real standard output.
     */
    public static OutputStream divertStdout() throws IOException {
        LibC c = libc();
        int saved = c.dup(1);
        if (saved < 0 || c.dup2(2, 1) < 0) {
            throw new IOException("cannot divert the native standard output");
        }
        return new FileOutputStream("/proc/self/fd/" + saved);
    }
}
