package org.openkiosk.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceNotFoundException;

/** The FFmpeg-backed camera against a real video file: the simulated camera of the demo and tests. */
class GrabberCameraTest {
    @TempDir
    Path dir;

    /** 10 fps: a page sliding in for 12 frames, then lying still for 20. */
    private Path slidingPageVideo() throws Exception {
        Path video = dir.resolve("stage.avi");
        BufferedImage page = GeneratedPhotos.page(640, 480, 9);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(video.toFile(), 640, 480, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P);
            rec.setFrameRate(10);
            rec.setVideoQuality(2);
            rec.start();
            for (int i = 0; i < 32; i++) {
                BufferedImage frame = StillnessDetectorTest.shifted(page, Math.min(i, 12) * 15);
                BufferedImage rgb = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
                rgb.getGraphics().drawImage(frame, 0, 0, null);
                rec.record(conv.convert(rgb));
            }
            rec.stop();
        }
        return video;
    }

    @Test
    void autoCaptureTakesTheStillOnceThePageStopsMoving() throws Exception {
        try (GrabberCamera camera = GrabberCamera.video(slidingPageVideo())) {
            int[] frames = {0};
            Optional<CapturedImage> still = AutoCapture.whenStill(camera, new StillnessDetector(), 100, p -> frames[0]++);
            assertThat(still).isPresent();
            // still from frame 12 (1.2 s); 800 ms later is frame 20, give or take the codec's noise
            assertThat(frames[0]).isBetween(20, 23);
            assertThat(still.get().width()).isEqualTo(640);
            assertThat(still.get().height()).isEqualTo(480);
            assertThat(still.get().decode().getWidth()).isEqualTo(640);
        }
    }

    @Test
    void theVideoLoopsSoTheCameraNeverRunsDry() throws Exception {
        try (GrabberCamera camera = GrabberCamera.video(slidingPageVideo())) {
            long last = -1;
            for (int i = 0; i < 70; i++) {
                PreviewCamera.Preview p = camera.preview();
                assertThat(p.timestampNanos()).isGreaterThan(last);
                last = p.timestampNanos();
            }
            assertThat(camera.capture().contentType()).isEqualTo("image/jpeg");
            assertThat(camera.check().ok()).isTrue();
        }
    }

    @Test
    void previewFramesForTheScreenAreScaledToFitAndNeverEnlarged() throws Exception {
        try (GrabberCamera camera = GrabberCamera.video(slidingPageVideo())) {
            PreviewCamera.Preview small = camera.preview(320, 320);
            assertThat(small.image().getWidth()).isEqualTo(320);
            assertThat(small.image().getHeight()).as("the camera's proportions kept").isEqualTo(240);
            assertThat(small.image().getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
            PreviewCamera.Preview whole = camera.preview(1920, 1080);
            assertThat(whole.image().getWidth()).isEqualTo(640);
            assertThat(whole.image().getHeight()).isEqualTo(480);
            assertThat(whole.timestampNanos()).isGreaterThan(small.timestampNanos());
            // the light page lies in the top left of the dark stage in these frames: real pixels, not a blank image
            int[] grey = new int[whole.image().getWidth()];
            for (int x = 0; x < grey.length; x++) {
                grey[x] = whole.image().getRGB(x, 100) & 0xff;
            }
            assertThat(java.util.Arrays.stream(grey).max().getAsInt() - java.util.Arrays.stream(grey).min().getAsInt())
                    .isGreaterThan(60);
        }
    }

    @Test
    void aMissingDeviceIsNotFoundAndReportedByCheck() {
        try (GrabberCamera camera = GrabberCamera.fromSource("/dev/video63")) {
            assertThatThrownBy(camera::capture).isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("/dev/video63");
            assertThat(camera.check().ok()).isFalse();
        }
        try (GrabberCamera camera = GrabberCamera.fromSource(dir.resolve("none.mp4").toString())) {
            assertThatThrownBy(camera::capture).isInstanceOf(DeviceNotFoundException.class);
        }
    }
}
