package org.openkiosk.centre.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openkiosk.centre.db.CatalogueRepository;
import org.openkiosk.sync.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which department a service belongs to, from the centre's own knowledge: the catalogue it published last, or,
 * until it has published one, the catalogue every kiosk ships with (bundled into the centre at build time). What a
 * kiosk sends never decides it. A service no catalogue names belongs to no department: only staff of every
 * department ({@link #ALL}) see its applications.
 */
public final class Departments {

    private static final Logger LOG = LoggerFactory.getLogger(Departments.class);
    /** Every department: what accounts saved before departments existed have. */
    public static final String ALL = "*";
    static final String BUNDLED = "/org/openkiosk/centre/bundled-catalogue/catalogue.json";

    private record Known(long version, Map<String, String> departmentOfService, Set<String> departments,
                         Map<String, LicenceIssue> licenceOfService, Map<String, List<HeldMaterial>> heldOfMatter) {
        Known(long version, Map<String, String> departmentOfService, Set<String> departments) {
            this(version, departmentOfService, departments, Map.of(), Map.of());
        }
    }

    /** What a service issues as an e-licence ({@code issuesLicence}): its type, and for how many years (0: long-term). */
    public record LicenceIssue(String type, int validYears) {
    }

    /**
     * A material of a matter that the centre may hold for its holder: an e-licence of {@code eLicence}'s type (null
     * for none), or, when {@code reusable}, the same material given in an earlier application.
     */
    public record HeldMaterial(String materialId, String eLicence, boolean reusable) {
    }

    private final CatalogueRepository catalogues;
    private final ObjectMapper json = Json.mapper();
    private final Known bundled;
    private volatile Known current;

    public Departments(CatalogueRepository catalogues) {
        this.catalogues = catalogues;
        this.bundled = bundled();
        this.current = bundled;
    }

    /** The department of {@code serviceId}; empty when the catalogue does not name the service or its department. */
    public Optional<String> departmentOf(String serviceId) {
        return Optional.ofNullable(known().departmentOfService().get(serviceId));
    }

    /** The services of these departments (every service the catalogue names for them). */
    public Set<String> servicesOf(Collection<String> departments) {
        Set<String> services = new LinkedHashSet<>();
        known().departmentOfService().forEach((service, department) -> {
            if (departments.contains(department)) {
                services.add(service);
            }
        });
        return services;
    }

    /** The e-licence a service's result is registered as, when the catalogue says it issues one. */
    public Optional<LicenceIssue> licenceIssuedBy(String serviceId) {
        return Optional.ofNullable(known().licenceOfService().get(serviceId));
    }

    /** The materials of a service or bundle that an e-licence or an earlier application's document may satisfy. */
    public List<HeldMaterial> heldMaterialsOf(String matterId) {
        return known().heldOfMatter().getOrDefault(matterId, List.of());
    }

    /** The department ids the catalogue knows. */
    public Set<String> ids() {
        return known().departments();
    }

    private Known known() {
        long version = catalogues.currentVersion();
        if (version == 0) {
            return bundled;
        }
        Known k = current;
        if (k.version() != version) {
            k = catalogues.current().map(p -> parse(p.version(), p.json())).orElse(bundled);
            current = k;
        }
        return k;
    }

    private Known bundled() {
        try (InputStream in = Departments.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                LOG.warn("No bundled catalogue at {}: until a catalogue is published, only staff of every department"
                        + " see applications", BUNDLED);
                return new Known(0, Map.of(), Set.of());
            }
            return parse(0, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled catalogue", e);
        }
    }

    private Known parse(long version, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            LOG.warn("Catalogue version {} is not JSON: no service has a department", version);
            return new Known(version, Map.of(), Set.of());
        }
        Set<String> departments = new LinkedHashSet<>();
        for (JsonNode d : root.path("departments")) {
            if (d.hasNonNull("id")) {
                departments.add(d.get("id").asText());
            }
        }
        Map<String, String> departmentOfService = new LinkedHashMap<>();
        for (JsonNode s : root.path("services")) {
            if (s.hasNonNull("id") && s.hasNonNull("department")) {
                departmentOfService.put(s.get("id").asText(), s.get("department").asText());
                departments.add(s.get("department").asText());
            }
        }
        Map<String, LicenceIssue> licences = new LinkedHashMap<>();
        Map<String, List<HeldMaterial>> held = new LinkedHashMap<>();
        for (JsonNode s : root.path("services")) {
            if (!s.hasNonNull("id")) {
                continue;
            }
            String id = s.get("id").asText();
            JsonNode issues = s.path("issuesLicence");
            if (issues.isTextual() && !issues.asText().isBlank()) {
                licences.put(id, new LicenceIssue(issues.asText().strip(), 0));
            } else if (issues.isObject() && issues.path("type").isTextual() && !issues.path("type").asText().isBlank()) {
                licences.put(id, new LicenceIssue(issues.path("type").asText().strip(),
                        Math.max(0, issues.path("validYears").asInt(0))));
            }
            held.put(id, heldMaterials(List.of(s)));
        }
        for (JsonNode b : root.path("bundles")) {
            if (b.hasNonNull("id")) {
                List<JsonNode> parts = new java.util.ArrayList<>();
                for (JsonNode ref : b.path("services")) {
                    for (JsonNode s : root.path("services")) {
                        if (s.path("id").asText("").equals(ref.asText())) {
                            parts.add(s);
                        }
                    }
                }
                held.put(b.get("id").asText(), heldMaterials(parts));
            }
        }
        held.values().removeIf(List::isEmpty);
        return new Known(version, Map.copyOf(departmentOfService), Set.copyOf(departments), Map.copyOf(licences),
                Map.copyOf(held));
    }

    /** The materials of these services (each once, by id) that carry {@code eLicence} or {@code reusable}. */
    private static List<HeldMaterial> heldMaterials(List<JsonNode> services) {
        Map<String, HeldMaterial> out = new LinkedHashMap<>();
        for (JsonNode s : services) {
            for (JsonNode m : s.path("materials")) {
                String id = m.path("id").asText("");
                String licence = m.path("eLicence").isTextual() && !m.path("eLicence").asText().isBlank()
                        ? m.path("eLicence").asText().strip() : null;
                boolean reusable = m.path("reusable").asBoolean(false);
                if (!id.isEmpty() && (licence != null || reusable)) {
                    out.putIfAbsent(id, new HeldMaterial(id, licence, reusable));
                }
            }
        }
        return List.copyOf(out.values());
    }
}
