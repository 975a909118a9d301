package org.openkiosk.print;

import java.util.regex.Pattern;

/**
 * What both template engines ({@link ReceiptTemplates}, {@link DocumentTemplates}) agree on: how a template is named
 * and how a placeholder is written, {@code {{ name }}} or {@code {{ name | filter }}}.
 */
final class Placeholders {
    /** A template's name: lower-case letters, digits, {@code _} and {@code -}, not starting with a sign. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** {@code {{ field }}} or {@code {{ field | filter }}}: group 1 the field, group 2 the filter (or null). */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}|\\s]+)\\s*(?:\\|\\s*([a-z]+)\\s*)?}}");

    private Placeholders() {
    }
}
