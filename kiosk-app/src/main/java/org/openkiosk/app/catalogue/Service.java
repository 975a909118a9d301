package org.openkiosk.app.catalogue;

import java.util.List;

/**
 * One government service (事项) as the kiosk offers it.
 *
 * @param promisedDays working days the department promises (承诺时限)
 * @param legalDays    working days the law allows (法定时限)
 * @param visits       0 when done entirely at the kiosk (零跑腿), 1 when the result is collected once
 * @param signature    the applicant signs the application form by hand on the screen (手写签名); absent: false
 * @param ssCard       the social security card may identify the resident instead of the ID card; absent: false
 * @param icon         the name of its icon on the home screen ({@code ui/icons.properties}); absent: the department's
 */
public record Service(String id, String department, Text name, Text summary, int promisedDays, int legalDays,
                      Text fee, int visits, Text delivery, List<String> lifeEvents, List<Material> materials,
                      List<FormField> fields, boolean signature, boolean ssCard, String icon) {
    public Service {
        lifeEvents = lifeEvents == null ? List.of() : List.copyOf(lifeEvents);
        materials = List.copyOf(materials);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
