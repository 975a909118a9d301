package org.openkiosk.app.catalogue;

import java.util.List;

/**
 * One government service (事项) as the kiosk offers it.
 *
 * @param promisedDays working days the department promises (承诺时限)
 * @param legalDays    working days the law allows (法定时限)
 * @param visits       0 when done entirely at the kiosk (零跑腿), 1 when the result is collected once
 */
public record Service(String id, String department, Text name, Text summary, int promisedDays, int legalDays,
                      Text fee, int visits, Text delivery, List<String> lifeEvents, List<Material> materials,
                      List<FormField> fields) {
    public Service {
        lifeEvents = lifeEvents == null ? List.of() : List.copyOf(lifeEvents);
        materials = List.copyOf(materials);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
