package org.openkiosk.app.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Writes the UI tests' pictures as PNG files on a thread of its own, so that encoding one (a few hundred milliseconds
 * for a 1920x1080 screen) overlaps with drawing and measuring the next on the JavaFX thread. A screen drawn wholly
 * opaque, as a kiosk's always is, is written without an alpha channel, which halves the encoding time; the pixels are
 * the same. {@link #awaitAll()} waits for every picture and fails on the first that could not be written.
 */
final class Pictures implements AutoCloseable {
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "picture-writer");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<Path>> written = new ArrayList<>();

    /** Queues {@code argb} ({@code w x h} pixels, which the caller no longer changes) to be written to {@code file}. */
    void write(Path file, int[] argb, int w, int h) {
        written.add(writer.submit(() -> {
            writeNow(file, argb, w, h);
            return file;
        }));
    }

    static void writeNow(Path file, int[] argb, int w, int h) {
        boolean opaque = true;
        for (int px : argb) {
            if (px >>> 24 != 0xFF) {
                opaque = false;
                break;
            }
        }
        try {
            BufferedImage out = new BufferedImage(w, h, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
            out.setRGB(0, 0, w, h, argb, 0, w);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every picture queued so far, once written. */
    List<Path> awaitAll() throws InterruptedException {
        List<Path> files = new ArrayList<>();
        for (Future<Path> f : written) {
            try {
                files.add(f.get());
            } catch (ExecutionException e) {
                throw new AssertionError("a picture could not be written", e.getCause());
            }
        }
        return files;
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
