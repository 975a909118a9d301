package org.openkiosk.device.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.DeviceTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document camera behind FFmpeg (JavaCV): a UVC camera through video4linux2 ({@link #uvc}), or, as the simulated
 * camera, a video file or image sequence that FFmpeg reads the same way ({@link #video}; it loops at the end).
 * Frames carry the stream's timestamps, so {@link StillnessDetector} needs no wall clock.
 *
 * <p><b>Live cameras and threads.</b> A live camera fills its kernel buffers at its own pace, and a grab hands back
 * the oldest buffered frame: read at the preview's few frames a second, the picture would lag by seconds and the
 * next resident would first see what lay on the stage after the last one left. So while a live camera is in use, one
 * daemon thread (named {@value #READER_THREAD} and the camera) opens the grabber, reads every frame as it arrives,
 * keeps only the newest (a copy; the one before is released, nothing queues up) and numbers it. {@link #preview()},
 * {@link #preview(int, int)} and {@link #capture()} wait for a frame numbered higher than the newest at the moment
 * of the call, so what they return was taken after the request; within {@value #FRAME_TIMEOUT_SECONDS} s (the first
 * after opening within {@value #START_TIMEOUT_SECONDS} s), or a {@link DeviceTimeoutException}. After {@code idle}
 * without such a call (10 s by default) the reader closes the grabber and ends, so an idle kiosk decodes nothing and
 * the camera light goes off; the next call starts a new reader.
 * A grab or open error ends the reader too: it is kept and thrown to the callers waiting then, or else to the next
 * caller, and the call after that opens the camera again (so a replugged camera comes back, as
 * {@code DeviceSupervisor} expects of every driver).
 *
 * <p>All shared state (the newest frame, its number, the reader, the kept error, the time of the last call) is
 * guarded by this object's monitor; callers wait on it and the reader notifies it. The grabber itself is touched
 * only by the reader thread, never under the monitor, and {@link #close()} waits for the reader outside the monitor.
 * A simulated camera (a file) has no reader: each call reads the next frame on the caller's thread, as before.
 */
public final class GrabberCamera implements PreviewCamera {
    private static final Logger LOG = LoggerFactory.getLogger(GrabberCamera.class);
    /** The name (and the start of the name) of the thread that reads a live camera. */
    static final String READER_THREAD = "camera-reader";
    /** How long a call waits for a frame taken after it began. */
    static final int FRAME_TIMEOUT_SECONDS = 2;
    /**
     * How long the first frame after opening may take: a UVC camera needs a second or more to start streaming and
     * settle its exposure, and a preview that gave up then would show "camera failed" on a working camera.
     */
    static final int START_TIMEOUT_SECONDS = 8;
    /** A live camera nobody has asked for a frame for this long is closed. */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(10);
    /** The frame rate asked of a UVC camera: enough for the preview and auto-capture, light on the CPU. */
    private static final int UVC_FRAME_RATE = 15;

    private final String description;
    private final Path path;
    private final boolean live;
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
    // simulated camera (file): read on the caller's thread
    private FFmpegFrameGrabber grabber;
    private long loopOffsetMicros;
    private long lastTimestamp;
    // live camera: the reader and what it shares, guarded by this
    private final Supplier<FFmpegFrameGrabber> liveGrabbers;
    private final long idleNanos;
    private Thread reader;
    /** The last reader started, perhaps still closing its grabber: the next one waits for it. */
    private Thread lastReader;
    private Mat newest;
    private long newestNumber;
    private long newestTimestamp;
    private DeviceException failure;
    private boolean failureReported;
    private int waiting;
    private long lastUse;

    private GrabberCamera(String description, Path path, Supplier<FFmpegFrameGrabber> liveGrabbers, Duration idle) {
        this.description = description;
        this.path = path;
        this.live = liveGrabbers != null;
        this.liveGrabbers = liveGrabbers;
        this.idleNanos = idle.toNanos();
    }

    /**
     * A live camera whose grabbers (not yet started) come from {@code grabbers}, closed after {@code idle} without a
     * call: the seam that lets tests run the live path over a file paced like a camera.
     */
    static GrabberCamera live(String description, Path path, Supplier<FFmpegFrameGrabber> grabbers, Duration idle) {
        return new GrabberCamera(description, path, grabbers, idle);
    }

    /**
     * A UVC document camera: {@code device} is an index ({@code 0} for {@code /dev/video0}) or a device path. Asks
     * for {@code width x height} (0 for the camera's default); the device is opened on first use.
     */
    public static GrabberCamera uvc(String device, int width, int height) {
        Path p = device.matches("\\d{1,2}") ? Path.of("/dev/video" + device) : Path.of(device);
        return live("UVC camera " + p, p, () -> v4l2(p, width, height), IDLE_CLOSE);
    }

    /**
     * The camera a {@code camera.source} names: an index ({@code 0}) or a {@code /dev/...} path is a UVC camera; any
     * other path is a video file (or image-sequence pattern such as {@code pages/%03d.jpg}) replayed as the camera.
     */
    public static GrabberCamera fromSource(String source) {
        if (source.matches("\\d{1,2}") || source.startsWith("/dev/")) {
            return uvc(source, 0, 0);
        }
        return video(Path.of(source));
    }

    /** The simulated camera: a video file (or an FFmpeg image-sequence pattern), replayed in a loop. */
    public static GrabberCamera video(Path file) {
        return new GrabberCamera("simulated camera, video " + file, file, null, IDLE_CLOSE);
    }

    /** A grabber for a UVC camera at {@code device}, at a modest frame rate and the size asked for (0: its default). */
    private static FFmpegFrameGrabber v4l2(Path device, int width, int height) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(device.toString());
        g.setFormat("video4linux2");
        g.setFrameRate(UVC_FRAME_RATE);
        if (width > 0 && height > 0) {
            g.setImageWidth(width);
            g.setImageHeight(height);
        }
        return g;
    }

    private void checkPresent() throws DeviceException {
        if (!path.toString().contains("%") && !Files.exists(path)) {
            throw new DeviceNotFoundException(description + ": no such device or file");
        }
    }

    /** Starts a grabber from {@code g}, or closes it and says the camera cannot be opened. */
    private FFmpegFrameGrabber started(FFmpegFrameGrabber g) throws DeviceException {
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new DeviceNotFoundException(description + ": cannot open (" + e.getMessage() + ")", e);
        }
        LOG.info("{} open, {}x{}", description, g.getImageWidth(), g.getImageHeight());
        return g;
    }

    /** The simulated camera's grabber, opened on first use. */
    private void openFile() throws DeviceException {
        if (grabber == null) {
            checkPresent();
            grabber = started(new FFmpegFrameGrabber(path.toString()));
        }
    }

    /**
     * The next frame as a colour (BGR) matrix, owned by the caller; its timestamp in {@link #lastTimestampMicros()}.
     * A live camera: the first frame its reader takes after this call began. A file: the next frame, looping.
     */
    private Mat nextMat() throws DeviceException {
        return live ? freshFrame() : nextFileFrame();
    }

    private Mat nextFileFrame() throws DeviceException {
        openFile();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                Frame f = grabber.grabImage();
                if (f != null && f.image != null) {
                    lastTimestamp = loopOffsetMicros + f.timestamp;
                    Mat m = toMat.convert(f);
                    return m.clone();
                }
                // end of the video: play it again, timestamps continuing
                loopOffsetMicros = lastTimestamp + 1;
                grabber.setTimestamp(0);
            }
        } catch (FrameGrabber.Exception e) {
            throw new DeviceException(description + ": " + e.getMessage(), e);
        }
        throw new DeviceException(description + ": no frame");
    }

    /** Waits (holding the monitor only between waits) for a frame the reader took after this call began. */
    private synchronized Mat freshFrame() throws DeviceException {
        if (reader == null && failure != null) {
            // the reader failed since the last call and no caller has heard of it yet: this one does
            DeviceException e = failure;
            failure = null;
            if (!failureReported) {
                throw e;
            }
        }
        lastUse = System.nanoTime();
        if (reader == null) {
            checkPresent();
            startReader();
        }
        long before = newestNumber;
        int timeout = newest == null ? START_TIMEOUT_SECONDS : FRAME_TIMEOUT_SECONDS; // none yet: still starting
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        waiting++;
        try {
            while (newestNumber <= before || newest == null) {
                if (failure != null) {
                    failureReported = true;
                    throw failure;
                }
                if (reader == null) {
                    throw new DeviceException(description + ": closed while waiting for a frame");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeviceTimeoutException("no frame from " + description + " within " + timeout + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            lastTimestamp = newestTimestamp;
            return newest.clone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(description + ": interrupted while waiting for a frame", e);
        } finally {
            waiting--;
            lastUse = System.nanoTime();
        }
    }

    /** Under the monitor: a new reader, which first waits for the one before it to let go of the device. */
    private void startReader() {
        Thread previous = lastReader;
        failure = null;
        failureReported = false;
        Thread t = new Thread(() -> read(previous), READER_THREAD + " " + description);
        t.setDaemon(true);
        reader = t;
        lastReader = t;
        t.start();
    }

    /** The reader thread: open, then take every frame as it comes and keep the newest, until stopped or idle. */
    private void read(Thread previous) {
        Thread me = Thread.currentThread();
        FFmpegFrameGrabber g = null;
        try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (previous != null) {
                previous.join(); // its grabber closes as it ends: a V4L2 device opens only once
            }
            synchronized (this) {
                if (reader != me) {
                    return;
                }
            }
            g = started(liveGrabbers.get());
            while (true) {
                synchronized (this) {
                    if (reader != me) {
                        return;
                    }
                    if (waiting == 0 && System.nanoTime() - lastUse > idleNanos) {
                        LOG.info("{}: no frame asked for in {} ms, closing", description, idleNanos / 1_000_000);
                        stopReader();
                        return;
                    }
                }
                Frame f = g.grabImage();
                if (f == null || f.image == null) {
                    throw new DeviceException(description + ": the camera stopped sending frames");
                }
                Mat m = converter.convert(f).clone();
                synchronized (this) {
                    if (reader != me) {
                        m.close();
                        return;
                    }
                    if (newest != null) {
                        newest.close();
                    }
                    newest = m;
                    newestNumber++;
                    newestTimestamp = f.timestamp;
                    notifyAll();
                }
            }
        } catch (DeviceException | FrameGrabber.Exception | RuntimeException | InterruptedException e) {
            DeviceException failed = e instanceof DeviceException d ? d
                    : new DeviceException(description + ": " + e.getMessage(), e);
            synchronized (this) {
                if (reader == me) {
                    LOG.warn("{}: reading stopped: {}", description, failed.getMessage());
                    failure = failed;
                    failureReported = false;
                    stopReader();
                }
            }
        } finally {
            if (g != null) {
                closeQuietly(g);
                LOG.info("{} closed", description);
            }
        }
    }

    /** Under the monitor: tells the reader to end, drops the newest frame and wakes every waiting caller. */
    private Thread stopReader() {
        Thread t = reader;
        reader = null;
        if (newest != null) {
            newest.close();
            newest = null;
        }
        notifyAll();
        return t;
    }

    @Override
    public synchronized Preview preview() throws DeviceException {
        try (Mat m = nextMat()) {
            return new Preview(Frames.toBufferedImage(m), lastTimestamp * 1000);
        }
    }

    /** The next frame, scaled down by OpenCV before it becomes an image: a fraction of the work of a full-size one. */
    @Override
    public synchronized Preview preview(int maxWidth, int maxHeight) throws DeviceException {
        try (Mat m = nextMat()) {
            double s = Frames.fitScale(m.cols(), m.rows(), maxWidth, maxHeight);
            if (s >= 1.0) {
                return new Preview(Frames.fitted(Frames.toBufferedImage(m), maxWidth, maxHeight), lastTimestamp * 1000);
            }
            try (Mat small = new Mat(); Size size = new Size(Math.max(1, (int) Math.round(m.cols() * s)),
                    Math.max(1, (int) Math.round(m.rows() * s)))) {
                resize(m, small, size, 0, 0, INTER_AREA);
                return new Preview(Frames.fitted(Frames.toBufferedImage(small), maxWidth, maxHeight),
                        lastTimestamp * 1000);
            }
        }
    }

    /** Timestamp of the last frame returned, microseconds on the stream's clock. */
    public synchronized long lastTimestampMicros() {
        return lastTimestamp;
    }

    @Override
    public synchronized CapturedImage capture() throws DeviceException {
        try (Mat m = nextMat(); BytePointer buf = new BytePointer()) {
            if (!imencode(".jpg", m, buf, new org.bytedeco.javacpp.IntPointer(IMWRITE_JPEG_QUALITY, 92))) {
                throw new DeviceException(description + ": cannot encode the frame as JPEG");
            }
            byte[] bytes = new byte[(int) buf.limit()];
            buf.get(bytes);
            return new CapturedImage(bytes, "image/jpeg", m.cols(), m.rows());
        }
    }

    @Override
    public DeviceStatus check() {
        if (path.toString().contains("%") || Files.isReadable(path)) {
            return DeviceStatus.ok("camera", description);
        }
        return DeviceStatus.failed("camera", description + ": not present");
    }

    /** Stops a live camera's reader and waits for it to close the device; closes a file. The next call reopens. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = stopReader();
            failure = null;
            if (grabber != null) {
                closeQuietly(grabber);
                grabber = null;
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                // outside the monitor: the reader takes it to see it was stopped, after its current grab
                t.join(TimeUnit.SECONDS.toMillis(FRAME_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("{}: the reader is still in a grab; it closes the device when that returns", description);
            }
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("closing the grabber: {}", e.toString());
        }
    }
}
