package org.openkiosk.print;

/**
 * A receipt cannot be made: a field is missing or has the wrong kind of value ({@link #field()} names it), or
 * the template itself is missing or malformed ({@link #field()} is then {@code null} and the message names the
 * template and line).
 */
public class TemplateException extends Exception {
    private final String field;

    public TemplateException(String field, String message) {
        super(message);
        this.field = field;
    }

    public TemplateException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The missing or bad field, e.g. {@code applicantName} or {@code materials[2]}; null for template faults. */
    public String field() {
        return field;
    }
}
