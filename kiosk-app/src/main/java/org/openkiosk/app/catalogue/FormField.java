package org.openkiosk.app.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One field of the form beyond what the ID card gives; shared by id across the services of a bundle.
 *
 * @param fromDocument where the kiosk can read the value from a captured paper so the resident need not type it;
 *                     null when it cannot
 */
public record FormField(String id, Text label, Type type, boolean required, Text hint, List<Text> choices,
                        FromDocument fromDocument) {
    public enum Type { TEXT, PHONE, DATE, ID_NUMBER, CHOICE }

    /**
     * A field's value as printed on a kind of paper.
     *
     * @param document    the kind of paper ({@link Material#READABLE_DOCUMENTS})
     * @param field       the field on that paper ({@link #FIELDS})
     * @param otherPerson the value is about someone other than the resident (a child, the deceased): a page of the
     *                    resident's own (its ID number is the card's) never fills it
     */
    public record FromDocument(String document, String field, boolean otherPerson) {
    }

    /** The fields the kiosk reads from each kind of paper (see the OCR field extractor). */
    public static final Map<String, Set<String>> FIELDS = Map.of(
            "id_card", Set.of("name", "sex", "nation", "birthDate", "address", "idNumber", "issuer", "validFrom",
                    "validUntil"),
            "household_register", Set.of("name", "relation", "sex", "nation", "birthDate", "birthplace", "idNumber",
                    "address"),
            "business_licence", Set.of("creditCode", "name", "type", "legalRepresentative", "address",
                    "registeredCapital", "establishedDate"));

    public FormField {
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice field " + id + " has no choices");
        }
    }
}
