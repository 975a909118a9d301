package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;

/**
 * One OCR engine, loaded once and reused for every page (loading takes seconds, reading a page much less).
 * Implementations are not thread-safe: one page at a time.
 */
public interface OcrEngine extends AutoCloseable {
    /** The engine's name as the {@code --engine} option spells it. */
    String name();

    /** Reads a straightened grey page. */
    OcrText read(BufferedImage page) throws OcrException;

    @Override
    void close();
}
