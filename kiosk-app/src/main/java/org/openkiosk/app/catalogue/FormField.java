package org.openkiosk.app.catalogue;

import java.util.List;

/** One field of the form beyond what the ID card gives; shared by id across the services of a bundle. */
public record FormField(String id, Text label, Type type, boolean required, Text hint, List<Text> choices) {
    public enum Type { TEXT, PHONE, DATE, ID_NUMBER, CHOICE }

    public FormField {
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice field " + id + " has no choices");
        }
    }
}
