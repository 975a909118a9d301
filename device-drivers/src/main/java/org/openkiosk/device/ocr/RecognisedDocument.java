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
 * @param readings   for each field read, how sure the engine was and the line of the paper it came from (for
 *                   telling the resident what to check); absent for a field found in text without confidences
 */
public record RecognisedDocument(Optional<DocumentType> type, Map<String, String> fields, double confidence,
                                 List<FieldProblem> problems, ImageQuality.Verdict quality, String text,
                                 Map<String, Reading> readings) {
    public RecognisedDocument {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        problems = List.copyOf(problems);
        readings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(readings));
    }

    public RecognisedDocument(Optional<DocumentType> type, Map<String, String> fields, double confidence,
                              List<FieldProblem> problems, ImageQuality.Verdict quality, String text) {
        this(type, fields, confidence, problems, quality, text, Map.of());
    }

    /**
     * How one field was read.
     *
     * @param confidence the engine's score for the least certain character of the value, 0 to 1
     * @param line       the line of the paper (1 = top) the value was read on
     * @param lineText   that line as read, to show the resident where to look
     * @param otherReadings for a value read without confidence, the value as the recogniser's next guesses for its
     *                   doubted character would read it (余晨垄: 余晨垫, 余晨堃), for the resident to choose the one
     *                   printed rather than type it; empty when there are none
     */
    public record Reading(double confidence, int line, String lineText, List<String> otherReadings) {
        public Reading {
            otherReadings = List.copyOf(otherReadings);
        }

        public Reading(double confidence, int line, String lineText) {
            this(confidence, line, lineText, List.of());
        }
    }

    /** Whether the field passed every check and was read with confidence: it may be filled in for the resident. */
    public boolean trusted(String field) {
        return !fields.getOrDefault(field, "").isBlank() && problems.stream().noneMatch(p -> p.field().equals(field));
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
        EXPIRED,
        /** A value that is not one of the values it can have (a nation not in GB/T 3304). */
        NOT_IN_LIST,
        /** The engine was not sure of a character of the value: the resident checks it. */
        LOW_CONFIDENCE
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
