package org.openkiosk.app.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The documents of {@code ./kiosk queue demo}: real files of the kinds the kiosk makes (a JPEG as the camera
 * gives, a one-page PDF), since the centre accepts a document only when its bytes are what its type says.
 */
final class DemoDocuments {

    private static final int COMMENT_MAX = 65_533; // a JPEG segment's length field counts itself

    private DemoDocuments() {
    }

    /**
     * A decodable JPEG of a made-up paper, padded to about {@code bytes} with comment segments of random
     * bytes (so its size, and how little it compresses, are what a load test asks for).
     */
    static byte[] photo(int bytes, Random random) {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(245, 242, 235));
        g.fillRect(0, 0, 160, 120);
        g.setColor(new Color(40, 40, 90));
        for (int y = 14; y < 110; y += 12) {
            g.fillRect(12, y, 40 + random.nextInt(100), 4);
        }
        g.setColor(new Color(190, 30, 30));
        g.drawOval(110, 70, 36, 36);
        g.dispose();
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", encoded)) {
                throw new IllegalStateException("this Java has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = encoded.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(bytes, jpeg.length));
        out.write(jpeg, 0, 2); // SOI
        int missing = bytes - jpeg.length;
        while (missing > 4) {
            int data = Math.min(COMMENT_MAX, missing - 4);
            byte[] filler = new byte[data];
            random.nextBytes(filler);
            out.write(0xFF);
            out.write(0xFE); // COM: skipped by every decoder
            out.write((data + 2) >> 8);
            out.write((data + 2) & 0xFF);
            out.write(filler, 0, data);
            missing -= data + 4;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A minimal one-page PDF naming the application. */
    static byte[] form(String applicationNo) {
        String text = "BT /F1 14 Tf 72 760 Td (Demo material of " + applicationNo.replaceAll("[()\\\\]", "") + ") Tj ET";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
                    + " /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream",
        };
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = pdf.length();
            pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
