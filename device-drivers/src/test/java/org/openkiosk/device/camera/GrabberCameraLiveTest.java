package org.openkiosk.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceException;

/**
 * The live-camera path (the reader thread) without a camera: a video file whose frames each show their own number,
 * handed out at the camera's pace the way a V4L2 camera's buffers are. Like a real camera, it keeps producing
 * whether or not anyone reads: a frame read late is an old frame.
 */
class GrabberCameraLiveTest {
    private static final int FPS = 10;
    private static final int FRAMES = 150;
    private static final long FRAME_MICROS = 1_000_000L / FPS;

    @TempDir
    static Path dir;
    static Path video;

    private static final java.util.concurrent.atomic.AtomicInteger CAMERAS = new java.util.concurrent.atomic.AtomicInteger();

    private final List<PacedGrabber> grabbers = new CopyOnWriteArrayList<>();
    /** This test's camera, named apart from the other tests' so its reader thread is told apart too. */
    private final String name = "paced camera " + CAMERAS.incrementAndGet();

    @BeforeEach
    void numberedVideo() throws Exception {
        if (video != null) {
            return;
        }
        Path v = dir.resolve("numbered.avi");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(v.toFile(), 160, 120, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            rec.setFrameRate(FPS);
            rec.setVideoQuality(2);
            rec.start();
            for (int i = 0; i < FRAMES; i++) {
                rec.record(conv.convert(numbered(i)));
            }
            rec.stop();
        }
        video = v;
    }

    /** Frame {@code i}: its number in eight black or white bars, most significant on the left. */
    private static BufferedImage numbered(int i) {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        for (int bit = 0; bit < 8; bit++) {
            g.setColor((i >> (7 - bit) & 1) == 1 ? Color.WHITE : Color.BLACK);
            g.fillRect(bit * 20, 0, 20, 120);
        }
        g.dispose();
        return img;
    }

    private static int numberOf(BufferedImage img) {
        assertThat(img.getWidth()).isEqualTo(160);
        int n = 0;
        for (int bit = 0; bit < 8; bit++) {
            int grey = img.getRGB(bit * 20 + 10, 60) & 0xff;
            n = n << 1 | (grey > 128 ? 1 : 0);
        }
        return n;
    }

    /** Reads the file as a camera would deliver it: frame k exists from k frame-times after start, not before. */
    static final class PacedGrabber extends FFmpegFrameGrabber {
        private final int failAt;
        private volatile long startedNanos;
        private volatile boolean closed;
        private int read;

        PacedGrabber(Path file, int failAt) {
            super(file.toFile());
            this.failAt = failAt;
        }

        @Override
        public void start() throws FFmpegFrameGrabber.Exception {
            super.start();
            startedNanos = System.nanoTime();
        }

        /** The number of the newest frame the "camera" has taken by now. */
        int produced() {
            return (int) ((System.nanoTime() - startedNanos) / 1000 / FRAME_MICROS);
        }

        @Override
        public Frame grabImage() throws FFmpegFrameGrabber.Exception {
            if (read++ == failAt) {
                throw new FFmpegFrameGrabber.Exception("the camera was unplugged");
            }
            Frame f = super.grabImage();
            if (f != null) {
                long due = startedNanos + f.timestamp * 1000;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new FFmpegFrameGrabber.Exception("interrupted", e);
                    }
                }
            }
            return f;
        }

        @Override
        public void close() throws FrameGrabber.Exception {
            closed = true;
            super.close();
        }
    }

    private GrabberCamera camera(Duration idle, int failAt) {
        return GrabberCamera.live(name, video, () -> {
            PacedGrabber g = new PacedGrabber(video, grabbers.isEmpty() ? failAt : -1);
            grabbers.add(g);
            return g;
        }, idle);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean readerAlive(String cameraDescription) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(GrabberCamera.READER_THREAD + " " + cameraDescription));
    }

    /** Frames a reader may be behind when the machine is busy: still far fewer than the buffered frames' age. */
    private static final int SLACK = 3;

    @Test
    void previewAndStillAreTakenAfterTheRequestNotFromFramesLeftInTheBuffers() throws Exception {
        try (GrabberCamera camera = camera(Duration.ofSeconds(30), -1)) {
            assertThat(numberOf(camera.preview(160, 120).image())).isLessThan(5);
            PacedGrabber g = grabbers.get(0);
            // a few frames go by with nobody asking, as between the preview's frames or before the shutter
            await("frame 15", () -> g.produced() >= 15);
            int atRequest = g.produced();
            int shown = numberOf(camera.preview(160, 120).image());
            // not frame 1 or 2 from the buffers: the newest, give or take a few frames a reader descheduled on a busy
            // 2-core CI machine is behind (read one by one, frames from before a call's start would be 10 or more old)
            assertThat(shown).isBetween(atRequest - SLACK, g.produced());

            await("frame 30", () -> g.produced() >= 30);
            atRequest = g.produced();
            CapturedImage still = camera.capture();
            assertThat(numberOf(still.decode())).isBetween(atRequest - SLACK, g.produced());
            assertThat(still.width()).isEqualTo(160);
            assertThat(camera.lastTimestampMicros()).isGreaterThanOrEqualTo((atRequest - SLACK) * FRAME_MICROS);
        }
    }

    @Test
    void anIdleCameraIsClosedAndTheNextCallOpensItAgain() throws Exception {
        try (GrabberCamera camera = camera(Duration.ofMillis(300), -1)) {
            camera.preview(160, 120);
            await("the idle camera closed", () -> grabbers.get(0).closed && !readerAlive(name));

            numberOf(camera.preview(160, 120).image());
            assertThat(grabbers).hasSize(2);
            assertThat(grabbers.get(1).closed).isFalse();
        }
        assertThat(grabbers.get(1).closed).isTrue();
    }

    @Test
    void closeStopsTheReaderAndReleasesTheCamera() throws Exception {
        try (GrabberCamera camera = camera(Duration.ofSeconds(30), -1)) {
            camera.preview(160, 120);
            assertThat(readerAlive(name)).isTrue();
        }
        assertThat(readerAlive(name)).isFalse();
        assertThat(grabbers).hasSize(1);
        assertThat(grabbers.get(0).closed).isTrue();
    }

    @Test
    void aGrabErrorReachesTheCallerAndTheNextCallReopens() throws Exception {
        try (GrabberCamera camera = camera(Duration.ofSeconds(30), 5)) {
            DeviceException error = null;
            for (int i = 0; i < 50 && error == null; i++) {
                try {
                    camera.preview(160, 120);
                } catch (DeviceException e) {
                    error = e;
                }
            }
            assertThat(error).isNotNull().hasMessageContaining("unplugged").hasMessageContaining("paced camera");
            await("the failed grabber closed", () -> grabbers.get(0).closed);

            numberOf(camera.capture().decode());
            assertThat(grabbers).hasSize(2);
        }
    }
}
