package org.openkiosk.device.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * One frame from the document camera, as encoded bytes (JPEG or PNG) with its size.
 *
 * @param bytes       the encoded image, exactly as it will be stored and sent to the centre
 * @param contentType {@code image/jpeg} or {@code image/png}
 */
public record CapturedImage(byte[] bytes, String contentType, int width, int height) {
    public CapturedImage {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String fileExtension() {
        return "image/png".equals(contentType) ? "png" : "jpg";
    }

    public BufferedImage decode() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("not a readable image (" + contentType + ", " + bytes.length + " bytes)");
        }
        return image;
    }
}
