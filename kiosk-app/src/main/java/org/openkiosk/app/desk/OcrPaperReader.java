package org.openkiosk.app.desk;

import java.io.IOException;
import org.openkiosk.app.flow.PaperReader;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.OcrEngines;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trip's paper reader: the OCR engine named in {@code camera.ocr}, loaded on the first paper that needs reading
 * (a few seconds, about 600 MB for {@code auto}) and kept for the next. A kiosk whose engine cannot be loaded keeps
 * working: every paper is then "unreadable" and its fields stay for typing; loading is not retried for every paper.
 */
public final class OcrPaperReader implements PaperReader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OcrPaperReader.class);
    private static final long RETRY_AFTER_MS = 10 * 60 * 1000L;

    private final String engineName;
    private DocumentReader reader;
    private long failedAt = -1;
    private String failure;

    public OcrPaperReader(String engineName) {
        this.engineName = engineName;
    }

    @Override
    public synchronized RecognisedDocument read(CapturedImage image) throws IOException, OcrException {
        return loaded().read(image);
    }

    private DocumentReader loaded() throws OcrException {
        if (reader != null) {
            return reader;
        }
        if (failedAt >= 0 && System.currentTimeMillis() - failedAt < RETRY_AFTER_MS) {
            throw new OcrException("OCR engine " + engineName + " unavailable: " + failure);
        }
        long start = System.nanoTime();
        try {
            reader = new DocumentReader(OcrEngines.load(engineName));
            reader.warmUp();
            LOG.info("OCR engine {} loaded in {} ms", engineName, (System.nanoTime() - start) / 1_000_000);
            return reader;
        } catch (OcrException | RuntimeException | LinkageError e) {
            failedAt = System.currentTimeMillis();
            failure = String.valueOf(e.getMessage());
            LOG.error("OCR engine {} cannot be loaded; papers stay for typing: {}", engineName, e.toString());
            throw new OcrException("OCR engine " + engineName + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
