package org.openkiosk.device.ocr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.device.camera.ImageQuality;

/**
 * What the kiosk made of one captured paper.
 *
 * @param type       the kind of document; empty when the page was refused (see {@code quality}) or had no text
 * @param fields     extracted fields by name, in reading order (names per kind: see {@link FieldExtractor});
 *                   dates as {@code YYYY-MM-DD}
 * @param confidence the OCR engine's mean confidence from 0 to 1, lowered for each field that failed a check
 * @param problems   what is wrong with the fields (a bad check digit, an impossible date...), each naming its field
 * @param quality    the page's sharpness and glare verdict; when not acceptable nothing was read: ask for a retake
 * @param text       the page's text as read
 */
public record RecognisedDocument(Optional<DocumentType> type, Map<String, String> fields, double confidence,
                                 List<FieldProblem> problems, ImageQuality.Verdict quality, String text) {
    public RecognisedDocument {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        problems = List.copyOf(problems);
    }

    /** Why a field cannot be trusted as read. */
    public enum Issue {
        /** A field the document must have was not found. */
        MISSING,
        /** An identity number or credit code whose check character does not match. */
        BAD_CHECK_CHARACTER,
        /** A date that does not exist or is out of range. */
        BAD_DATE,
        /** Two fields disagree (e.g. sex or birth date against the identity number). */
        INCONSISTENT,
        /** A validity period that has ended. */
        EXPIRED
    }

    /** One problem with one field. */
    public record FieldProblem(String field, Issue issue) {
    }

    /** The page was sharp and glare-free enough to read. */
    public boolean readable() {
        return quality.acceptable();
    }

    /** Readable, recognised, and every field passed its checks. */
    public boolean clean() {
        return readable() && type.isPresent() && problems.isEmpty();
    }

    static RecognisedDocument refused(ImageQuality.Verdict quality) {
        return new RecognisedDocument(Optional.empty(), Map.of(), 0, List.of(), quality, "");
    }
}
