package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/**
 * The default engine. The kind of paper is decided by the stronger engine, never by the weaker one alone: a page
 * the first engine reads as a field-bearing paper (ID card, household register, business licence) is read with the
 * field engine, and a page it cannot classify is re-read with the field engine before it is called generic.
 * A generic page printed in traditional characters (PP-OCRv4's dictionary lacks many of them, and its reading
 * turns others into simplified forms) is read again with Tesseract's traditional Chinese model, so its characters
 * stay as printed. See the README's OCR section for the measurements behind this.
 */
public final class KindAwareEngine implements OcrEngine {
    public static final String NAME = "auto";

    private final OcrEngine pages;
    private final OcrEngine fields;
    private final Supplier<OcrEngine> traditional;
    private OcrEngine traditionalLoaded;

    /** {@code pages} reads first; {@code fields} reads field-bearing papers and what {@code pages} cannot classify. */
    public KindAwareEngine(OcrEngine pages, OcrEngine fields) {
        this(pages, fields, null);
    }

    /**
     * @param traditional loads the engine for pages in traditional characters on the first such page (null: none)
     */
    public KindAwareEngine(OcrEngine pages, OcrEngine fields, Supplier<OcrEngine> traditional) {
        this.pages = pages;
        this.fields = fields;
        this.traditional = traditional;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OcrText read(BufferedImage page) throws OcrException {
        OcrText first = pages.read(page);
        OcrText text = first;
        if (fields != pages) {
            OcrText again = fields.read(page);
            // a field-bearing paper is read from the field engine's boxes; a page both call generic keeps the
            // first engine's text
            text = FieldExtractor.classify(first.text()) != DocumentType.GENERIC
                    || FieldExtractor.classify(again.text()) != DocumentType.GENERIC ? again : first;
        }
        if (traditional != null && FieldExtractor.classify(text.text()) == DocumentType.GENERIC
                && TraditionalChinese.looksTraditional(text.text())) {
            return traditional().read(page);
        }
        return text;
    }

    private OcrEngine traditional() throws OcrException {
        if (traditionalLoaded == null) {
            try {
                traditionalLoaded = traditional.get();
            } catch (RuntimeException e) {
                if (e.getCause() instanceof OcrException oe) {
                    throw oe;
                }
                throw e;
            }
        }
        return traditionalLoaded;
    }

    @Override
    public void close() {
        try {
            pages.close();
        } finally {
            try {
                if (fields != pages) {
                    fields.close();
                }
            } finally {
                if (traditionalLoaded != null) {
                    traditionalLoaded.close();
                }
            }
        }
    }
}
