package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;

/**
 * The default: reads every page with the fast engine (Tesseract), and pages whose kind carries fields (ID card,
 * household register, business licence) again with the accurate one (PaddleOCR). Tesseract alone reads plain
 * pages well once they are straightened and evened, at a third of PaddleOCR's time, but splits the label and value
 * columns of an ID card and misreads short names; PaddleOCR reads those exactly. See the README's OCR section.
 */
public final class KindAwareEngine implements OcrEngine {
    public static final String NAME = "auto";

    private final OcrEngine pages;
    private final OcrEngine fields;

    public KindAwareEngine(OcrEngine pages, OcrEngine fields) {
        this.pages = pages;
        this.fields = fields;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OcrText read(BufferedImage page) throws OcrException {
        OcrText quick = pages.read(page);
        if (FieldExtractor.classify(quick.text()) == DocumentType.GENERIC) {
            return quick;
        }
        return fields.read(page);
    }

    @Override
    public void close() {
        try {
            pages.close();
        } finally {
            fields.close();
        }
    }
}
