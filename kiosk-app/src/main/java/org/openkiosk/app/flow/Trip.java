package org.openkiosk.app.flow;

import java.util.List;
import java.util.Map;
import org.openkiosk.app.catalogue.Matter;

/**
 * What one resident has given so far, as handed to the desk at submission; {@code held} are the materials fetched
 * from the centre instead of captured (each with its reference).
 */
public record Trip(Matter matter, Applicant applicant, Map<String, String> fields, List<Capture> captures,
                   List<HeldMaterial> held) {
    public Trip {
        fields = Map.copyOf(fields);
        captures = List.copyOf(captures);
        held = held == null ? List.of() : List.copyOf(held);
    }

    public Trip(Matter matter, Applicant applicant, Map<String, String> fields, List<Capture> captures) {
        this(matter, applicant, fields, captures, List.of());
    }
}
