package org.openkiosk.centre.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

    private record Known(long version, Map<String, String> departmentOfService, Set<String> departments) {
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
        return new Known(version, Map.copyOf(departmentOfService), Set.copyOf(departments));
    }
}
