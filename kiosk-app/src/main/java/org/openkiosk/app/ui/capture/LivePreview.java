package org.openkiosk.app.ui.capture;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.openkiosk.app.flow.FlowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's live picture on the capture screen. While it is on, one loop on the background executor takes a
 * frame every {@code interval} (a few a second: enough to lay a page straight, little work for two cores) and hands
 * it to the UI thread; a frame the UI has not shown yet is replaced by the newer one, so nothing queues up however
 * slow the screen is. When the camera fails the picture goes (state {@link State#FAILED}, for the screen to say so)
 * and the loop tries the camera again every {@code retry}, so a camera plugged back in (or one the device supervisor
 * has reopened) shows again without the resident leaving the screen. It stops when told to ({@link #stop()}: the
 * screen is left, the session wiped), and by itself only for a camera without a live stream; stopping drops the
 * picture and every frame held. Call {@link #start()} and {@link #stop()} on the UI thread.
 */
public final class LivePreview {
    private static final Logger LOG = LoggerFactory.getLogger(LivePreview.class);

    /** Whether the picture is coming, shown, or why not. */
    public enum State {
        /** Not watching: off screen, or a camera without a live stream. */
        OFF,
        /** Asked for the first frame. */
        STARTING,
        LIVE,
        /** The camera failed; the loop tries it again now and then while the screen shows. */
        FAILED
    }

    /** Takes one frame, scaled to fit the size given; empty when the camera has no live stream. Blocking. */
    @FunctionalInterface
    public interface FrameSource {
        Optional<BufferedImage> frame(int maxWidth, int maxHeight) throws FlowException;
    }

    /** One frame's pixels on their way to the UI thread. */
    private record Pixels(int width, int height, int[] argb) {
    }

    private final FrameSource source;
    private final Executor background;
    private final Executor ui;
    private final long intervalNanos;
    private final long retryNanos;
    private final int maxWidth;
    private final int maxHeight;
    private final ObjectProperty<Image> image = new SimpleObjectProperty<>();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.OFF);
    /** Loops started and not yet ended: a stopped loop may finish the frame it is taking. */
    private final AtomicInteger loops = new AtomicInteger();
    /** The loop now feeding the screen; UI thread only. */
    private Loop current;

    /**
     * @param background runs the grabbing loop for as long as the preview is on: it needs a thread to spare (a cached
     *                   pool, as the kiosk's)
     */
    public LivePreview(FrameSource source, Executor background, Executor ui, Duration interval, Duration retry,
                       int maxWidth, int maxHeight) {
        this.source = source;
        this.background = background;
        this.ui = ui;
        this.intervalNanos = interval.toNanos();
        this.retryNanos = retry.toNanos();
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
    }

    /** The latest frame; null while off, starting or failed. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    /** Whether a loop is still running (taking or about to take a frame); false soon after {@link #stop()}. */
    public boolean isGrabbing() {
        return loops.get() > 0;
    }

    /** Starts watching; nothing if already watching (a failed camera included: the loop is trying it again). */
    public void start() {
        if (current != null) {
            return;
        }
        Loop loop = new Loop();
        current = loop;
        state.set(State.STARTING);
        loops.incrementAndGet();
        try {
            background.execute(loop);
        } catch (RejectedExecutionException e) { // shutting down
            loops.decrementAndGet();
            current = null;
            state.set(State.OFF);
        }
    }

    /** Stops watching and forgets the picture: no frame of what lay on the stage is kept. */
    public void stop() {
        Loop loop = current;
        current = null;
        if (loop != null) {
            loop.stop.countDown();
            loop.latest.set(null);
        }
        image.set(null);
        state.set(State.OFF);
    }

    /** On the UI thread: the loop ended by itself, the camera having no live stream. */
    private void ended(Loop loop) {
        if (current == loop) {
            current = null;
            image.set(null);
            state.set(State.OFF);
        }
    }

    /** On the UI thread: the camera failed; the picture goes (no stale page stays up) while the loop tries again. */
    private void failed(Loop loop) {
        if (current == loop) {
            image.set(null);
            state.set(State.FAILED);
        }
    }

    /** On the UI thread: shows the loop's newest frame, in the image shown already when the size is the same. */
    private void show(Loop loop) {
        loop.posted.set(false);
        Pixels p = loop.latest.getAndSet(null);
        if (current != loop || p == null) {
            return;
        }
        Image shown = image.get();
        WritableImage target = shown instanceof WritableImage w && (int) w.getWidth() == p.width()
                && (int) w.getHeight() == p.height() ? w : new WritableImage(p.width(), p.height());
        target.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0,
                p.width());
        image.set(target);
        state.set(State.LIVE);
    }

    /** The frame's pixels as opaque ARGB, copied from the raster when it is one already. */
    static int[] argb(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (frame.getType() == BufferedImage.TYPE_INT_ARGB && frame.getRaster().getDataBuffer() instanceof DataBufferInt d
                && d.getOffset() == 0 && d.getData().length == w * h) {
            return d.getData();
        }
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
    }

    private final class Loop implements Runnable {
        private final CountDownLatch stop = new CountDownLatch(1);
        /** The newest frame not yet shown: the only one kept, so a slow screen makes frames be skipped, not queued. */
        private final AtomicReference<Pixels> latest = new AtomicReference<>();
        private final AtomicBoolean posted = new AtomicBoolean();

        @Override
        public void run() {
            boolean failing = false;
            try {
                while (stop.getCount() > 0) {
                    long began = System.nanoTime();
                    Optional<BufferedImage> frame;
                    try {
                        frame = source.frame(maxWidth, maxHeight);
                    } catch (FlowException | RuntimeException e) {
                        if (!failing) {
                            LOG.info("live preview: the camera failed ({}); trying again every {} ms", e.getMessage(),
                                    retryNanos / 1_000_000);
                            failing = true;
                        }
                        latest.set(null);
                        ui.execute(() -> failed(this));
                        if (stop.await(retryNanos, TimeUnit.NANOSECONDS)) {
                            return;
                        }
                        continue;
                    }
                    if (failing) {
                        LOG.info("live preview: the camera is back");
                        failing = false;
                    }
                    if (frame.isEmpty()) {
                        LOG.info("the camera has no live stream: no preview");
                        ui.execute(() -> ended(this));
                        return;
                    }
                    BufferedImage f = frame.get();
                    if (stop.getCount() > 0) {
                        latest.set(new Pixels(f.getWidth(), f.getHeight(), argb(f)));
                        if (posted.compareAndSet(false, true)) {
                            ui.execute(() -> show(this));
                        }
                    }
                    // a slow camera still gets a pause between frames: the preview never spins a core
                    long rest = Math.max(intervalNanos / 4, intervalNanos - (System.nanoTime() - began));
                    if (stop.await(rest, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the executor is shutting down
            } finally {
                latest.set(null);
                loops.decrementAndGet();
            }
        }
    }
}
