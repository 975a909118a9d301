package org.openkiosk.app.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resident starts at the kiosk: one service, or a life-event bundle (一件事) whose services are merged
 * into one form (一表通办): each material and each field shared between them appears once.
 */
public record Matter(String id, Text name, Text summary, boolean bundle, List<Service> services,
                     List<Material> materials, List<FormField> fields, int promisedDays, int visits) {

    public static Matter of(Service s) {
        return new Matter(s.id(), s.name(), s.summary(), false, List.of(s), s.materials(), s.fields(),
                s.promisedDays(), s.visits());
    }

    public static Matter bundle(String id, Text name, Text summary, List<Service> parts) {
        Map<String, Material> materials = new LinkedHashMap<>();
        Map<String, FormField> fields = new LinkedHashMap<>();
        int days = 0;
        int visits = 0;
        for (Service s : parts) {
            s.materials().forEach(m -> materials.putIfAbsent(m.id(), m));
            s.fields().forEach(f -> fields.putIfAbsent(f.id(), f));
            days = Math.max(days, s.promisedDays());
            visits = Math.max(visits, s.visits());
        }
        return new Matter(id, name, summary, true, List.copyOf(parts), List.copyOf(materials.values()),
                List.copyOf(fields.values()), days, visits);
    }

    /** The life events (出生, 入学, 就业, 结婚, 退休, 身后 ...) this matter belongs to. */
    public List<String> lifeEvents() {
        return services.stream().flatMap(s -> s.lifeEvents().stream()).distinct().toList();
    }

    /** The departments that handle it. */
    public List<String> departments() {
        return services.stream().map(Service::department).distinct().toList();
    }

    /** Whether the applicant signs the application form by hand: when any of its services asks for it. */
    public boolean signature() {
        return services.stream().anyMatch(Service::signature);
    }

    /** Whether the social security card may identify the resident: only when every one of its services allows it. */
    public boolean ssCard() {
        return services.stream().allMatch(Service::ssCard);
    }

    /** Its icon's name: the service's own, else its (first) department's id. */
    public String icon() {
        Service first = services.get(0);
        return first.icon() != null && !first.icon().isBlank() ? first.icon() : first.department();
    }

    public List<Material> toCapture() {
        return materials.stream().filter(Material::capturedAtKiosk).toList();
    }
}
