package org.openkiosk.device.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StillnessDetectorTest {
    private static final long FRAME = 100_000_000L; // 10 frames per second

    @Test
    void firesOnceWhenThePageHasLainStillForTheMoment() {
        StillnessDetector d = new StillnessDetector(Duration.ofMillis(800), StillnessDetector.DEFAULT_THRESHOLD);
        BufferedImage page = GeneratedPhotos.page(640, 480, 1);
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (d.offer(shifted(page, i * 12), i * FRAME)) {
                fired.add(i);
            }
        }
        for (int i = 10; i < 30; i++) {
            if (d.offer(shifted(page, 120), i * FRAME)) {
                fired.add(i);
            }
        }
        // still from frame 10 on (the first frame equal to its predecessor); 800 ms later is frame 18
        assertThat(fired).containsExactly(18);
    }

    @Test
    void movementReArmsItForTheNextPage() {
        StillnessDetector d = new StillnessDetector(Duration.ofMillis(300), StillnessDetector.DEFAULT_THRESHOLD);
        BufferedImage page = GeneratedPhotos.page(640, 480, 2);
        int fired = 0;
        long t = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                fired += d.offer(shifted(page, round * 50 + i * 10), t += FRAME) ? 1 : 0;
            }
            for (int i = 0; i < 6; i++) {
                fired += d.offer(shifted(page, round * 50 + 50), t += FRAME) ? 1 : 0;
            }
        }
        assertThat(fired).isEqualTo(3);
    }

    @Test
    void aHandStillMovingNeverFires() {
        StillnessDetector d = new StillnessDetector();
        BufferedImage page = GeneratedPhotos.page(640, 480, 3);
        boolean any = false;
        for (int i = 0; i < 50; i++) {
            any |= d.offer(shifted(page, (i % 2) * 20), i * FRAME);
        }
        assertThat(any).isFalse();
        assertThat(d.lastDifference()).isGreaterThan(StillnessDetector.DEFAULT_THRESHOLD);
    }

    static BufferedImage shifted(BufferedImage page, int dx) {
        BufferedImage out = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.DARK_GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(page, dx - 60, 0, page.getWidth() / 2, page.getHeight() / 2, null);
        g.dispose();
        return out;
    }
}
