package org.openkiosk.device.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A document camera behind FFmpeg (JavaCV): a UVC camera through video4linux2 ({@link #uvc}), or, as the simulated
 * camera, a video file or image sequence that FFmpeg reads the same way ({@link #video}; it loops at the end).
 * Frames carry the stream's timestamps, so {@link StillnessDetector} needs no wall clock.
 */
public final class GrabberCamera implements PreviewCamera {
    private static final Logger LOG = LoggerFactory.getLogger(GrabberCamera.class);
    /** Frames a UVC driver may still hold from before the capture request; dropped so the still is current. */
    private static final int STALE_FRAMES = 3;

    private final String description;
    private final Path path;
    private final boolean live;
    private final int width;
    private final int height;
    private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameGrabber grabber;
    private long loopOffsetMicros;
    private long lastTimestamp;

    private GrabberCamera(String description, Path path, boolean live, int width, int height) {
        this.description = description;
        this.path = path;
        this.live = live;
        this.width = width;
        this.height = height;
    }

    /**
     * A UVC document camera: {@code device} is an index ({@code 0} for {@code /dev/video0}) or a device path. Asks
     * for {@code width x height} (0 for the camera's default); the device is opened on first use.
     */
    public static GrabberCamera uvc(String device, int width, int height) {
        Path p = device.matches("\\d{1,2}") ? Path.of("/dev/video" + device) : Path.of(device);
        return new GrabberCamera("UVC camera " + p, p, true, width, height);
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
        return new GrabberCamera("simulated camera, video " + file, file, false, 0, 0);
    }

    private void open() throws DeviceException {
        if (grabber != null) {
            return;
        }
        if (!path.toString().contains("%") && !Files.exists(path)) {
            throw new DeviceNotFoundException(description + ": no such device or file");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(path.toString());
        if (live) {
            g.setFormat("video4linux2");
            if (width > 0 && height > 0) {
                g.setImageWidth(width);
                g.setImageHeight(height);
            }
        }
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new DeviceNotFoundException(description + ": cannot open (" + e.getMessage() + ")", e);
        }
        grabber = g;
        LOG.info("{} open, {}x{}", description, g.getImageWidth(), g.getImageHeight());
    }

    /** The next frame as a colour (BGR) matrix, owned by the caller; its timestamp in {@link #lastTimestampMicros()}. */
    private Mat nextMat() throws DeviceException {
        open();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                Frame f = grabber.grabImage();
                if (f != null && f.image != null) {
                    lastTimestamp = loopOffsetMicros + f.timestamp;
                    Mat m = toMat.convert(f);
                    return m.clone();
                }
                if (live) {
                    break;
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

    /** Timestamp of the last frame read, microseconds from the stream's start. */
    public synchronized long lastTimestampMicros() {
        return lastTimestamp;
    }

    @Override
    public synchronized CapturedImage capture() throws DeviceException {
        if (live) {
            for (int i = 0; i < STALE_FRAMES; i++) {
                nextMat().close();
            }
        }
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

    @Override
    public synchronized void close() {
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
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
