package org.openkiosk.app.flow;

import java.util.List;
import java.util.Map;
import org.openkiosk.app.catalogue.Matter;

/** What one resident has given so far, as handed to the desk at submission. */
public record Trip(Matter matter, Applicant applicant, Map<String, String> fields, List<Capture> captures) {
    public Trip {
        fields = Map.copyOf(fields);
        captures = List.copyOf(captures);
    }
}
