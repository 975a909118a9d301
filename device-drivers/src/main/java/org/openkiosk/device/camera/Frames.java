package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.opencv_core.Mat;

/** Matrix to image conversion for 8-bit grey and BGR frames. */
final class Frames {
    private Frames() {
    }

    static BufferedImage toBufferedImage(Mat m) {
        if (m.channels() == 1) {
            return PageScanner.toBufferedImage(m);
        }
        Mat src = m.isContinuous() ? m : m.clone();
        BufferedImage out = new BufferedImage(src.cols(), src.rows(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        src.data().get(data, 0, Math.min(data.length, (int) (src.total() * src.channels())));
        if (src != m) {
            src.close();
        }
        return out;
    }
}
