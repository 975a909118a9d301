package org.openkiosk.device.ocr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.PageScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one captured paper on the spot: straightens it ({@link PageScanner}), refuses it with a reason when it is
 * blurred or glared, reads it with the engine, recognises the kind of document and extracts its checked fields.
 * One reader holds one loaded engine; one page at a time.
 */
public final class DocumentReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentReader.class);

    private final OcrEngine engine;
    private final PageScanner scanner;
    private final Clock clock;

    public DocumentReader(OcrEngine engine, PageScanner scanner, Clock clock) {
        this.engine = engine;
        this.scanner = scanner;
        this.clock = clock;
    }

    public DocumentReader(OcrEngine engine) {
        this(engine, new PageScanner(), Clock.systemDefaultZone());
    }

    /**
     * Straightens a drawn page once, so that the page pipeline's native code and compiled paths are ready before the
     * first resident's paper (the first page took a second longer than the next ones). The engine warms itself when
     * it is loaded.
     */
    public void warmUp() {
        try {
            BufferedImage photo = new BufferedImage(1400, 1800, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = photo.createGraphics();
            g.setColor(new Color(90, 90, 90)); // the desk
            g.fillRect(0, 0, photo.getWidth(), photo.getHeight());
            g.drawImage(PaddleEngine.warmUpPage(), 150, 200, null); // the paper
            g.dispose();
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(photo, "jpeg", jpeg);
            PageScanner.ScannedPage page = scanner.scan(new CapturedImage(jpeg.toByteArray(), "image/jpeg", 0, 0));
            PageScanner.cropToContent(page.page());
        } catch (IOException | RuntimeException e) {
            LOG.warn("the page pipeline could not be warmed up: {}", e.toString());
        }
    }

    public OcrEngine engine() {
        return engine;
    }

    /** Reads the page, or refuses it (nothing read, {@link RecognisedDocument#readable()} false) when it is poor. */
    public RecognisedDocument read(CapturedImage image) throws IOException, OcrException {
        return read(image, false);
    }

    /**
     * @param evenIfPoor read a blurred or glared page all the same (technician tools); the verdict is still reported
     * @throws IOException when the bytes are not an image
     */
    public RecognisedDocument read(CapturedImage image, boolean evenIfPoor) throws IOException, OcrException {
        PageScanner.ScannedPage page = scanner.scan(image);
        if (!page.acceptable() && !evenIfPoor) {
            LOG.info("page refused: {}", page.verdict());
            return RecognisedDocument.refused(page.verdict());
        }
        OcrText text = engine.read(PageScanner.cropToContent(page.page()));
        return recognise(text, page.verdict(), LocalDate.now(clock));
    }

    /**
     * Reads the photo as it is, without the page pipeline (no outline, perspective, evening or crop): the raw anchor
     * the benchmark compares the pipeline with.
     *
     * @throws IOException when the bytes are not an image
     */
    public RecognisedDocument readAsIs(CapturedImage image) throws IOException, OcrException {
        BufferedImage photo;
        try (org.bytedeco.opencv.opencv_core.Mat grey = PageScanner.decodeGrey(image.bytes())) {
            photo = PageScanner.toBufferedImage(grey);
        }
        OcrText text = engine.read(photo);
        return recognise(text, org.openkiosk.device.camera.ImageQuality.assess(photo), LocalDate.now(clock));
    }

    static RecognisedDocument recognise(OcrText text, org.openkiosk.device.camera.ImageQuality.Verdict verdict,
                                        LocalDate today) {
        Optional<FieldExtractor.Extraction> ex = new FieldExtractor(today).extract(text);
        if (ex.isEmpty()) {
            return new RecognisedDocument(Optional.empty(), Map.of(), text.confidence(), List.of(), verdict, text.text());
        }
        FieldExtractor.Extraction e = ex.get();
        double confidence = text.confidence() * Math.pow(0.8, e.problems().size());
        return new RecognisedDocument(Optional.of(e.type()), e.fields(), confidence, e.problems(), verdict, text.text(),
                e.readings());
    }

    @Override
    public void close() {
        engine.close();
    }
}
