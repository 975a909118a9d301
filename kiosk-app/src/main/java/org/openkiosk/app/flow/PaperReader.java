package org.openkiosk.app.flow;

import java.io.IOException;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;

/**
 * Reads the fields of a captured paper (OCR: {@code DocumentReader.read}). Takes a second or two and holds a loaded
 * engine: the flow calls it only from the UI's background executor, and only for papers whose fields can be used.
 */
@FunctionalInterface
public interface PaperReader {
    /** No reading at all: every field stays for typing. */
    PaperReader NONE = image -> {
        throw new OcrException("no OCR engine on this kiosk");
    };

    RecognisedDocument read(CapturedImage image) throws IOException, OcrException;

    /**
     * Gets ready to read (loads the engine) in the background and returns at once, so that the resident's first
     * paper does not wait seconds for a load: called when a matter with papers to read is chosen. A reader that
     * needs nothing loaded does nothing.
     */
    default void prepare() {
    }
}
