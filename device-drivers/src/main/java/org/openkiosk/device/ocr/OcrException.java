package org.openkiosk.device.ocr;

/** An OCR engine could not be loaded or could not read a page. */
public class OcrException extends Exception {
    public OcrException(String message) {
        super(message);
    }

    public OcrException(String message, Throwable cause) {
        super(message, cause);
    }
}
