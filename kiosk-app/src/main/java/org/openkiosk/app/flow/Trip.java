package org.openkiosk.app.flow;

import java.util.List;
import java.util.Map;
import org.openkiosk.app.catalogue.Matter;

/**
 * What one resident has given so far, as handed to the desk at submission.
 *
 * @param held            the materials fetched from the centre instead of captured (each with its reference)
 * @param signature       the handwritten signature, for a matter signed by hand; null otherwise
 * @param applicationForm the application form (PDF) made from all the rest, sent with the application; null when the
 *                        matter has none
 */
public record Trip(Matter matter, Applicant applicant, Map<String, String> fields, List<Capture> captures,
                   List<HeldMaterial> held, Signature signature, byte[] applicationForm) {
    public Trip {
        fields = Map.copyOf(fields);
        captures = List.copyOf(captures);
        held = held == null ? List.of() : List.copyOf(held);
    }

    public Trip(Matter matter, Applicant applicant, Map<String, String> fields, List<Capture> captures) {
        this(matter, applicant, fields, captures, List.of(), null, null);
    }

    /** The same trip with its application form made. */
    public Trip withApplicationForm(byte[] form) {
        return new Trip(matter, applicant, fields, captures, held, signature, form);
    }
}
