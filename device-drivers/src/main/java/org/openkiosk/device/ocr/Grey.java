package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;

final class Grey {
    private Grey() {
    }

    /** The image as 8-bit grey with one byte per pixel and no row padding. */
    static BufferedImage of(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY && image.getRaster().getParent() == null
                && ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData().length
                == image.getWidth() * image.getHeight()) {
            return image;
        }
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        var g = grey.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return grey;
    }
}
