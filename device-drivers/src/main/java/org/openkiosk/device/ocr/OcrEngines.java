package org.openkiosk.device.ocr;

import java.util.List;

/** The OCR engines by name. */
public final class OcrEngines {
    /** Chosen by measurement on the bench set: see the README's OCR section. */
    public static final String DEFAULT = KindAwareEngine.NAME;
    public static final List<String> NAMES = List.of(KindAwareEngine.NAME, PaddleEngine.NAME, TesseractEngine.NAME,
            PaddleEngine.PACKAGED);

    private OcrEngines() {
    }

    /**
     * Loads the named engine ({@code auto}, {@code paddle}, {@code tesseract}, or {@code rapidocr}: PaddleOCR's models
     * through RapidOCR's packaged native library, for comparison).
     */
    public static OcrEngine load(String name) throws OcrException {
        return switch (name) {
            case KindAwareEngine.NAME -> {
                // PaddleOCR reads and classifies every paper; Tesseract's traditional model is loaded on the first
                // page printed in traditional characters
                PaddleEngine paddle = PaddleEngine.load();
                yield new KindAwareEngine(paddle, paddle, () -> {
                    try {
                        return TesseractEngine.load(TesseractEngine.TRADITIONAL);
                    } catch (OcrException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
            }
            case PaddleEngine.NAME -> PaddleEngine.load();
            case PaddleEngine.PACKAGED -> PaddleEngine.loadPackaged();
            case TesseractEngine.NAME -> TesseractEngine.load();
            default -> throw new IllegalArgumentException("unknown OCR engine '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }
}
