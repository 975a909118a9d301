package org.openkiosk.device.ocr;

import com.benjaminwan.ocrlibrary.Point;
import com.benjaminwan.ocrlibrary.TextBlock;
import io.github.mymonstercat.Model;
import io.github.mymonstercat.ocr.InferenceEngine;
import io.github.mymonstercat.ocr.config.HardwareConfig;
import io.github.mymonstercat.ocr.config.ParamConfig;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PaddleOCR's PP-OCRv4 detection and recognition models (from the RapidOCR Maven packages) with the kiosk's reading
 * of their boxes: a dropped character caught by its ink ({@link UnreadInk}) and read again, boxes grouped into lines.
 *
 * <p>The models run on ONNX Runtime for Java ({@link PpOcr}, the default): the page goes to the models from memory and
 * never reaches a file. {@link #loadPackaged} runs them instead through RapidOCR's own packaged native library, which
 * reads each page from a file in a private RAM folder ({@link OcrScratch}); the bench's raw anchor uses it, and it
 * reads every box the same ({@code PpOcrTest}). That library prints progress to the native standard output: a
 * command that writes to stdout must divert it first ({@link NativeProcess#divertStdout()}).
 */
public final class PaddleEngine implements OcrEngine {
    public static final String NAME = "paddle";
    /** The same engine on RapidOCR's packaged native library. */
    public static final String PACKAGED = "rapidocr";

    /** Detection sees a page at most this long (the library's size, in pixels) ... */
    static final int MAX_SIDE = Integer.getInteger("kiosk.ocr.paddle.max-side", 1280);
    /** ... and at most this many pixels: ONNX Runtime keeps buffers for the largest page it has detected on. */
    static final int MAX_PIXELS = Integer.getInteger("kiosk.ocr.paddle.max-pixels", 1024 * 1024);
    /** White border put around the page before detection: text touching the edge is still found. */
    static final int PADDING = 20;
    /** How far a detected box is grown outward (DB's unclip ratio). */
    static final float UNCLIP = Float.parseFloat(System.getProperty("kiosk.ocr.paddle.unclip", "1.6"));

    /** What finds and reads the boxes on a grey page detected at a given longer side. */
    private interface Models extends AutoCloseable {
        List<OcrText.Line> read(BufferedImage grey, int side) throws OcrException;

        @Override
        void close();
    }

    private final String name;
    private final Models models;
    private final OcrScratch scratch;

    private PaddleEngine(String name, Models models, OcrScratch scratch) {
        this.name = name;
        this.models = models;
        this.scratch = scratch;
    }

    /** Loads the models on ONNX Runtime with {@code threads} inference threads. */
    public static PaddleEngine load(int threads) throws OcrException {
        PpOcr ort = PpOcr.load(threads);
        Models models = new Models() {
            @Override
            public List<OcrText.Line> read(BufferedImage grey, int side) throws OcrException {
                try {
                    List<OcrText.Line> boxes = new ArrayList<>();
                    for (PpOcr.Block b : ort.read(grey, PADDING, side, UNCLIP)) {
                        box(b.text(), b.xs(), b.ys(), b.charScores(), 0)
                                .map(box -> withOtherReadings(box, b.text(), b.alternatives())).ifPresent(boxes::add);
                    }
                    return boxes;
                } catch (ai.onnxruntime.OrtException | RuntimeException e) {
                    throw new OcrException("the PaddleOCR engine failed on the page: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                ort.close();
            }
        };
        return warmedUp(new PaddleEngine(NAME, models, null));
    }

    /** Loads the models through RapidOCR's packaged native library, with {@code threads} inference threads. */
    public static PaddleEngine loadPackaged(int threads) throws OcrException {
        // the library logs every page's text at INFO: on a kiosk that is residents' names and ID numbers, which must
        // never reach the logs. Its logger, io.github.mymonstercat, is held at WARN by the logging configuration
        // (kiosk-app's logback.xml, and every module's logback-test.xml).
        OcrScratch scratch = OcrScratch.inRam();
        try {
            InferenceEngine engine = InferenceEngine.getInstance(Model.ONNX_PPOCR_V4, new HardwareConfig(threads, -1));
            ParamConfig params = ParamConfig.getDefaultConfig();
            params.setDoAngle(false);
            params.setMostAngle(false);
            params.setPadding(PADDING);
            params.setUnClipRatio(UNCLIP);
            Models models = new Models() {
                @Override
                public synchronized List<OcrText.Line> read(BufferedImage grey, int side) throws OcrException {
                    try {
                        params.setMaxSideLen(side);
                        return boxes(engine.runOcr(scratch.write(grey).toString(), params).getTextBlocks());
                    } catch (RuntimeException e) {
                        throw new OcrException("the PaddleOCR engine failed on the page: " + e.getMessage(), e);
                    } finally {
                        scratch.wipe(); // the page (a resident's paper) does not stay, even in RAM
                    }
                }

                @Override
                public void close() {
                    // the native engine is a process-wide singleton of the library; it lives until the JVM exits
                }
            };
            return warmedUp(new PaddleEngine(PACKAGED, models, scratch));
        } catch (RuntimeException | UnsatisfiedLinkError | OcrException e) {
            scratch.close();
            throw e instanceof OcrException oe ? oe
                    : new OcrException("the PaddleOCR engine could not be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * The engine after one page read: the models are loaded, and ONNX Runtime sizes its buffers on the first pages it
     * sees; both happen now, on a page of the size papers have, not on the resident's page.
     */
    private static PaddleEngine warmedUp(PaddleEngine engine) throws OcrException {
        try {
            engine.read(warmUpPage());
            return engine;
        } catch (OcrException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** A white page of the size a paper has, with rows of dark blocks the detector takes for lines of text. */
    static BufferedImage warmUpPage() {
        BufferedImage page = new BufferedImage(1100, 1400, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = page.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.setColor(java.awt.Color.BLACK);
        for (int line = 0; line < 12; line++) {
            int blocks = line % 3 == 0 ? 32 : 6 + line;
            for (int i = 0; i < blocks; i++) {
                g.fillRect(40 + i * 32, 60 + line * 110, 24, 26);
            }
        }
        g.dispose();
        return page;
    }

    public static PaddleEngine load() throws OcrException {
        return load(cores());
    }

    public static PaddleEngine loadPackaged() throws OcrException {
        return loadPackaged(cores());
    }

    private static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return name;
    }

    /** The private RAM folder the packaged library reads pages from; none for ONNX Runtime (tests, diagnostics). */
    public java.util.Optional<java.nio.file.Path> scratchFolder() {
        return java.util.Optional.ofNullable(scratch).map(OcrScratch::folder);
    }

    @Override
    public synchronized OcrText read(BufferedImage page) throws OcrException {
        BufferedImage grey = Grey.of(page);
        List<OcrText.Line> read = models.read(grey, detectionSide(grey.getWidth(), grey.getHeight()));
        // a character the recogniser dropped leaves its ink in the box: that box is not trusted
        List<OcrText.Line> boxes = UnreadInk.check(grey, read);
        for (int i = 0; i < boxes.size(); i++) {
            if (boxes.get(i).confidence() < read.get(i).confidence()) {
                boxes.set(i, readAgain(grey, read, i).orElse(boxes.get(i)));
            }
        }
        return OcrText.of(lines(boxes), boxes);
    }

    /** How much narrower a box with unread ink is read again: the first width whose reading accounts for the ink. */
    static final double[] NARROWER = {0.8, 0.7};
    /** At most this many characters put into a box read again (the ink check sees too few, not too many). */
    static final int MAX_ADDED = 2;

    /**
     * A box whose ink holds a character more than was read in it, read again from the box cut out and narrowed across
     * (the recogniser's reading of a character it dropped depends on the crop: 隘 of 马颈坳镇隘 is read at some widths,
     * not at others). A reading is taken only when it is the first reading with one or two characters put in, all
     * Chinese, read on the box's own line, and the ink no longer holds more than it: the text then is what is printed
     * as nearly as the engine can tell, but it stays as doubtful as the box was ({@link UnreadInk#CAPPED}), shown for
     * the resident to check, not pre-filled.
     */
    private java.util.Optional<OcrText.Line> readAgain(BufferedImage grey, List<OcrText.Line> read, int at) {
        OcrText.Line box = read.get(at);
        int margin = box.height() / 2;
        int x0 = Math.max(0, box.x() - margin);
        int y0 = Math.max(0, box.y() - margin);
        int x1 = Math.min(grey.getWidth(), box.x() + box.width() + margin);
        int y1 = Math.min(grey.getHeight(), box.y() + box.height() + margin);
        if (x1 - x0 < 8 || y1 - y0 < 8) {
            return java.util.Optional.empty();
        }
        BufferedImage crop = Grey.of(grey.getSubimage(x0, y0, x1 - x0, y1 - y0));
        for (double narrower : NARROWER) {
            String text;
            try {
                BufferedImage narrow = narrowed(crop, narrower);
                List<OcrText.Line> again = models.read(narrow, Math.max(narrow.getWidth(), narrow.getHeight()));
                // the box's own line only: the margin may take in the edges of the lines above and below
                int top = box.y() - y0;
                text = String.join("", again.stream()
                        .filter(b -> b.centreY() >= top && b.centreY() <= top + box.height())
                        .sorted(Comparator.comparingInt(OcrText.Line::x)).map(OcrText.Line::text).toList());
            } catch (RuntimeException | OcrException e) {
                return java.util.Optional.empty();
            }
            int added = text.length() - box.text().length();
            if (added > 0 && added <= MAX_ADDED && UnreadInk.chineseOnly(text) && holdsInOrder(text, box.text())) {
                List<OcrText.Line> withIt = new ArrayList<>(read);
                withIt.set(at, new OcrText.Line(text, box.confidence(), box.x(), box.y(), box.width(), box.height()));
                if (UnreadInk.check(grey, withIt).get(at).confidence() == box.confidence()) {
                    return java.util.Optional.of(new OcrText.Line(text, Math.min(box.confidence(), UnreadInk.CAPPED),
                            box.x(), box.y(), box.width(), box.height()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether {@code longer} holds every character of {@code shorter} in the same order. */
    static boolean holdsInOrder(String longer, String shorter) {
        int j = 0;
        for (int i = 0; i < longer.length() && j < shorter.length(); i++) {
            if (longer.charAt(i) == shorter.charAt(j)) {
                j++;
            }
        }
        return j == shorter.length();
    }

    static BufferedImage narrowed(BufferedImage grey, double factor) {
        int width = Math.max(1, (int) Math.round(grey.getWidth() * factor));
        BufferedImage out = new BufferedImage(width, grey.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(grey, 0, 0, width, grey.getHeight(), null);
        g.dispose();
        return out;
    }

    /**
     * The longer side the page is scaled to for detection (recognition reads the boxes from the page itself): at
     * most {@link #MAX_SIDE}, and small enough that the page has at most {@link #MAX_PIXELS}. A bound on the side
     * alone either shrinks a full A4 page's small print below what the detector finds (1024) or lets a square card
     * fill 1.6 million pixels and ONNX Runtime's buffers grow by ~180 MB for it (1280); see the README.
     */
    static int detectionSide(int width, int height) {
        int longer = Math.max(width, height);
        double byArea = longer * Math.sqrt((double) MAX_PIXELS / ((double) width * height));
        return (int) Math.min(MAX_SIDE, Math.floor(byArea));
    }

    /** Each text block as a box: its text, the mean of its characters' scores, its bounding rectangle. */
    static List<OcrText.Line> boxes(List<TextBlock> blocks) {
        List<OcrText.Line> boxes = new ArrayList<>();
        for (TextBlock b : blocks) {
            int[] xs = b.getBoxPoint().stream().mapToInt(Point::getX).toArray();
            int[] ys = b.getBoxPoint().stream().mapToInt(Point::getY).toArray();
            box(b.getText(), xs, ys, b.getCharScores(), b.getBoxScore()).ifPresent(boxes::add);
        }
        return boxes;
    }

    private static java.util.Optional<OcrText.Line> box(String read, int[] xs, int[] ys, float[] scores,
            double boxScore) {
        String text = read == null ? "" : read.strip();
        if (text.isEmpty()) {
            return java.util.Optional.empty();
        }
        int minX = java.util.Arrays.stream(xs).min().orElse(0);
        int maxX = java.util.Arrays.stream(xs).max().orElse(0);
        int minY = java.util.Arrays.stream(ys).min().orElse(0);
        int maxY = java.util.Arrays.stream(ys).max().orElse(0);
        // a box is as trustworthy as its least certain character: one wrong digit spoils an ID number
        double conf = 1;
        if (scores != null && scores.length > 0) {
            for (float s : scores) {
                conf = Math.min(conf, s);
            }
        } else {
            conf = boxScore;
        }
        return java.util.Optional.of(new OcrText.Line(text, conf, minX, minY, maxX - minX, maxY - minY));
    }

    /** At most this many other readings of a box, one character changed in each. */
    static final int OTHER_READINGS = 4;

    /**
     * {@code box} with its other readings: {@code read} with one doubted character replaced by one of the
     * recogniser's next guesses for it ({@code alternatives}, one string per character), character by character from
     * the left, each character's guesses likeliest first.
     */
    static OcrText.Line withOtherReadings(OcrText.Line box, String read, String[] alternatives) {
        if (alternatives == null || alternatives.length != read.codePointCount(0, read.length())) {
            return box;
        }
        List<String> others = OcrText.oneChanged(read, i -> alternatives[i]).stream().map(String::strip)
                .filter(text -> !text.equals(box.text())).limit(OTHER_READINGS).toList();
        return others.isEmpty() ? box : new OcrText.Line(box.text(), box.confidence(), box.x(), box.y(), box.width(),
                box.height(), others);
    }

    /** Boxes grouped into lines (boxes whose vertical extents mostly overlap), top to bottom, left to right. */
    static List<OcrText.Line> lines(List<OcrText.Line> blocks) {
        List<OcrText.Line> boxes = new ArrayList<>(blocks);
        boxes.sort(Comparator.comparingDouble(l -> l.y() + l.height() / 2.0));
        List<List<OcrText.Line>> rows = new ArrayList<>();
        for (OcrText.Line box : boxes) {
            List<OcrText.Line> row = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (row != null && overlaps(row, box)) {
                row.add(box);
            } else {
                rows.add(new ArrayList<>(List.of(box)));
            }
        }
        List<OcrText.Line> out = new ArrayList<>();
        for (List<OcrText.Line> row : rows) {
            row.sort(Comparator.comparingInt(OcrText.Line::x));
            StringBuilder text = new StringBuilder();
            double conf = 0;
            int chars = 0;
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = Integer.MIN_VALUE;
            int maxY = Integer.MIN_VALUE;
            for (OcrText.Line l : row) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(l.text());
                conf += l.confidence() * l.text().length();
                chars += l.text().length();
                minX = Math.min(minX, l.x());
                minY = Math.min(minY, l.y());
                maxX = Math.max(maxX, l.x() + l.width());
                maxY = Math.max(maxY, l.y() + l.height());
            }
            out.add(new OcrText.Line(text.toString(), chars == 0 ? 0 : conf / chars, minX, minY, maxX - minX, maxY - minY));
        }
        return out;
    }

    private static boolean overlaps(List<OcrText.Line> row, OcrText.Line box) {
        OcrText.Line last = row.get(row.size() - 1);
        int top = Math.max(last.y(), box.y());
        int bottom = Math.min(last.y() + last.height(), box.y() + box.height());
        return bottom - top > 0.5 * Math.min(last.height(), box.height());
    }

    @Override
    public void close() {
        models.close();
        if (scratch != null) {
            scratch.close();
        }
    }
}
