package org.openkiosk.device.printer.sim;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.printer.EscPos;
import org.openkiosk.device.printer.EscPosDecoder;

/**
 * Draws ESC/POS bytes as an 80 mm receipt would look: 576 dots wide at 203 dpi, font A cells of 12x24 dots
 * (24x24 for double-byte characters) scaled by {@code GS !}, 30-dot line spacing, lines wrapped at the paper
 * edge, alignment and bold honoured, QR codes drawn with zxing at the requested module size, cuts drawn as a
 * dashed line. Chinese is drawn with an installed CJK font (WenQuanYi Zen Hei, else AR PL SungtiL GB, else
 * {@link Font#DIALOG}). Works headless.
 */
public final class ReceiptRenderer {
    public static final int PAPER_DOTS = 576;
    private static final int CELL = 12;
    private static final int LINE_SPACING = 30;
    private static final int MARGIN = 12;
    private static final List<String> CJK_FAMILIES = List.of("WenQuanYi Zen Hei", "AR PL SungtiL GB");
    private static volatile Font baseFont;

    private ReceiptRenderer() {
    }

    /**
     * Renders a job.
     *
     * @throws IllegalArgumentException if the bytes end in the middle of a command
     */
    public static BufferedImage render(byte[] escpos) {
        List<EscPosDecoder.Element> elements;
        try {
            elements = EscPosDecoder.decode(escpos);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("cannot render: " + e.getMessage(), e);
        }
        Layout layout = new Layout();
        elements.forEach(layout::add);
        layout.flush(true);
        int height = Math.max(layout.y + MARGIN, 2 * MARGIN);
        BufferedImage img = new BufferedImage(PAPER_DOTS, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PAPER_DOTS, height);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (Block b : layout.blocks) {
                b.paint(g);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The font family used for text (for tests and the technician screen). */
    public static String fontFamily() {
        return font().getFamily();
    }

    private static Font font() {
        Font f = baseFont;
        if (f == null) {
            Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            String family = CJK_FAMILIES.stream().filter(installed::contains).findFirst().orElse(Font.DIALOG);
            f = new Font(family, Font.PLAIN, 2 * CELL);
            baseFont = f;
        }
        return f;
    }

    private interface Block {
        void paint(Graphics2D g);
    }

    private record Glyph(int codePoint, int x, int cellWidth, int width, int height, boolean bold) {
    }

    private record TextLine(List<Glyph> glyphs, int left, int top, int lineHeight) implements Block {
        @Override
        public void paint(Graphics2D g) {
            Font base = font();
            FontMetrics fm = g.getFontMetrics(base);
            double ascentShare = fm.getAscent() / (double) (fm.getAscent() + fm.getDescent());
            for (Glyph gl : glyphs) {
                Font f = base.deriveFont(AffineTransform.getScaleInstance(gl.width(), gl.height()));
                g.setFont(f);
                String s = new String(Character.toChars(gl.codePoint()));
                int advance = g.getFontMetrics().stringWidth(s);
                int glyphTop = top + lineHeight - 2 * CELL * gl.height() - 3;
                int x = left + gl.x() + Math.max(0, (gl.cellWidth() - advance) / 2);
                int baseline = glyphTop + (int) Math.round(2 * CELL * gl.height() * ascentShare);
                g.drawString(s, x, baseline);
                if (gl.bold()) {
                    g.drawString(s, x + 1, baseline);
                }
            }
        }
    }

    private record QrBlock(ByteMatrix matrix, int left, int top, int module) implements Block {
        @Override
        public void paint(Graphics2D g) {
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y) == 1) {
                        g.fillRect(left + x * module, top + y * module, module, module);
                    }
                }
            }
        }
    }

    private record CutMark(int y) implements Block {
        @Override
        public void paint(Graphics2D g) {
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            g.drawLine(0, y, PAPER_DOTS, y);
        }
    }

    private static final class Layout {
        final List<Block> blocks = new ArrayList<>();
        int y = MARGIN;
        private List<Glyph> line = new ArrayList<>();
        private int lineWidth;
        private int lineMaxHeight;
        private EscPos.Align lineAlign = EscPos.Align.LEFT;

        void add(EscPosDecoder.Element e) {
            if (e instanceof EscPosDecoder.Text t) {
                t.text().codePoints().forEach(cp -> glyph(cp, t));
            } else if (e instanceof EscPosDecoder.Feed f) {
                boolean had = !line.isEmpty();
                flush(true);
                int more = had ? f.lines() - 1 : f.lines();
                y += Math.max(0, more) * LINE_SPACING;
            } else if (e instanceof EscPosDecoder.Qr q) {
                flush(false);
                qr(q);
            } else if (e instanceof EscPosDecoder.Cut) {
                flush(false);
                y += 8;
                blocks.add(new CutMark(y));
                y += 16;
            }
        }

        private void glyph(int cp, EscPosDecoder.Text t) {
            int cellWidth = (cp < 0x80 ? CELL : 2 * CELL) * t.width();
            if (lineWidth + cellWidth > PAPER_DOTS && !line.isEmpty()) {
                flush(true);
            }
            if (line.isEmpty()) {
                lineAlign = t.align();
            }
            line.add(new Glyph(cp, lineWidth, cellWidth, t.width(), t.height(), t.bold()));
            lineWidth += cellWidth;
            lineMaxHeight = Math.max(lineMaxHeight, t.height());
        }

        /** Prints the pending line; {@code always} advances one line even when it is empty (LF on an empty line). */
        void flush(boolean always) {
            if (line.isEmpty()) {
                if (always) {
                    y += LINE_SPACING;
                }
                return;
            }
            int lineHeight = Math.max(LINE_SPACING, 2 * CELL * lineMaxHeight + 6);
            blocks.add(new TextLine(List.copyOf(line), offset(lineAlign, lineWidth), y, lineHeight));
            y += lineHeight;
            line = new ArrayList<>();
            lineWidth = 0;
            lineMaxHeight = 0;
        }

        private void qr(EscPosDecoder.Qr q) {
            Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(q.data())) {
                hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
            }
            try {
                ByteMatrix m = Encoder.encode(q.data(), ErrorCorrectionLevel.valueOf(String.valueOf(q.errorLevel())), hints)
                        .getMatrix();
                int size = m.getWidth() * q.moduleSize();
                blocks.add(new QrBlock(m, offset(q.align(), size), y, q.moduleSize()));
                y += size;
            } catch (WriterException e) {
                throw new IllegalArgumentException("cannot draw QR code of " + q.data().length() + " characters", e);
            }
        }

        private static int offset(EscPos.Align align, int width) {
            return switch (align) {
                case LEFT -> 0;
                case CENTER -> Math.max(0, (PAPER_DOTS - width) / 2);
                case RIGHT -> Math.max(0, PAPER_DOTS - width);
            };
        }
    }
}
