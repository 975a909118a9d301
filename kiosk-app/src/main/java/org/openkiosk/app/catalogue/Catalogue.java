package org.openkiosk.app.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The services and life-event bundles this kiosk offers, loaded from JSON data files that staff maintain:
 * the built-in {@code catalogue/catalogue.json}, or every {@code *.json} in a configured directory.
 */
public final class Catalogue {
    public record Department(String id, Text name) {
    }

    public record BundleSpec(String id, Text name, Text summary, List<String> services) {
    }

    /**
     * What the home screen offers as large tiles, in this order: the most used matters (ids of services or bundles)
     * and the life events. Ids the catalogue does not know are left out, not refused, so a file written for a larger
     * catalogue still loads.
     */
    public record Home(List<String> matters, List<String> lifeEvents) {
        public Home {
            matters = matters == null ? List.of() : List.copyOf(matters);
            lifeEvents = lifeEvents == null ? List.of() : List.copyOf(lifeEvents);
        }
    }

    /** The shape of one catalogue data file ({@code home} may be absent). */
    public record CatalogueFile(List<Department> departments, List<Service> services, List<BundleSpec> bundles,
                                Home home) {
    }

    private final Map<String, Department> departments;
    private final Map<String, Service> services;
    private final List<Matter> matters;
    private final Home home;

    private Catalogue(Map<String, Department> departments, Map<String, Service> services, List<Matter> matters,
                      Home home) {
        this.departments = departments;
        this.services = services;
        this.matters = matters;
        this.home = home;
    }

    public static Catalogue builtIn() throws CatalogueException {
        try (InputStream in = Catalogue.class.getResourceAsStream("/catalogue/catalogue.json")) {
            if (in == null) {
                throw new CatalogueException("the built-in catalogue is missing from the application");
            }
            return of(List.of(read(in, "built-in catalogue")));
        } catch (IOException e) {
            throw new CatalogueException("cannot read the built-in catalogue: " + e.getMessage());
        }
    }

    public static Catalogue fromDirectory(Path dir) throws CatalogueException {
        List<CatalogueFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    files.add(read(in, p.toString()));
                }
            }
        } catch (IOException e) {
            throw new CatalogueException("cannot read catalogue directory " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CatalogueException("no catalogue .json files in " + dir);
        }
        return of(files);
    }

    public static Catalogue load(Optional<Path> dir) throws CatalogueException {
        return dir.isPresent() ? fromDirectory(dir.get()) : builtIn();
    }

    private static CatalogueFile read(InputStream in, String name) throws CatalogueException {
        try {
            return MAPPER.readValue(in, CatalogueFile.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new CatalogueException(name + " is not a valid catalogue: " + e.getMessage());
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static Catalogue of(List<CatalogueFile> files) throws CatalogueException {
        Map<String, Department> departments = new LinkedHashMap<>();
        Map<String, Service> services = new LinkedHashMap<>();
        List<BundleSpec> bundles = new ArrayList<>();
        Home home = new Home(List.of(), List.of());
        for (CatalogueFile f : files) {
            if (f.home() != null) {
                home = f.home(); // the last file that says wins
            }
            if (f.departments() != null) {
                f.departments().forEach(d -> departments.put(d.id(), d));
            }
            if (f.services() != null) {
                f.services().forEach(s -> services.put(s.id(), s));
            }
            if (f.bundles() != null) {
                bundles.addAll(f.bundles());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Service s : services.values()) {
            if (!departments.containsKey(s.department())) {
                problems.add("service " + s.id() + " names unknown department " + s.department());
            }
            for (Material m : s.materials()) {
                if (m.name().zh().contains("相关") && m.name().zh().contains("材料")) {
                    problems.add("service " + s.id() + " material " + m.id() + " must name the exact material, not '"
                            + m.name().zh() + "'");
                }
                if (m.document() != null && (!Material.READABLE_DOCUMENTS.contains(m.document()) || !m.capturedAtKiosk())) {
                    problems.add("service " + s.id() + " material " + m.id() + ": document '" + m.document()
                            + "' must be one of " + Material.READABLE_DOCUMENTS + " on a captured material");
                }
            }
            for (FormField f : s.fields()) {
                FormField.FromDocument from = f.fromDocument();
                if (from != null && !FormField.FIELDS.getOrDefault(from.document(), java.util.Set.of()).contains(from.field())) {
                    problems.add("service " + s.id() + " field " + f.id() + ": fromDocument " + from.document() + "."
                            + from.field() + " is not a field the kiosk reads");
                }
            }
        }
        List<Matter> matters = new ArrayList<>();
        for (BundleSpec b : bundles) {
            List<Service> parts = new ArrayList<>();
            for (String id : b.services()) {
                Service s = services.get(id);
                if (s == null) {
                    problems.add("bundle " + b.id() + " names unknown service " + id);
                } else {
                    parts.add(s);
                }
            }
            matters.add(Matter.bundle(b.id(), b.name(), b.summary(), parts));
        }
        services.values().forEach(s -> matters.add(Matter.of(s)));
        if (!problems.isEmpty()) {
            throw new CatalogueException(String.join("; ", problems));
        }
        return new Catalogue(departments, services, List.copyOf(matters), home);
    }

    /** The matters of the home screen's tiles, in the catalogue's order; those it does not know are left out. */
    public List<Matter> homeMatters() {
        return home.matters().stream().map(this::matter).flatMap(Optional::stream).toList();
    }

    /**
     * The life events of the home screen's tiles: the catalogue's list (only events some matter belongs to), or when
     * it names none, every life event of its matters.
     */
    public List<String> homeLifeEvents() {
        List<String> present = new Finder(this).lifeEvents();
        if (home.lifeEvents().isEmpty()) {
            return present;
        }
        return home.lifeEvents().stream().filter(e -> matters.stream().anyMatch(m -> m.lifeEvents().contains(e)))
                .distinct().toList();
    }

    /** Bundles first, then single services in catalogue order. */
    public List<Matter> matters() {
        return matters;
    }

    public Optional<Matter> matter(String id) {
        return matters.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public Optional<Department> department(String id) {
        return Optional.ofNullable(departments.get(id));
    }

    /** The names of the departments that handle {@code matter}, joined for display ("公安局、民政局"). */
    public String departmentNames(Matter matter, java.util.Locale locale) {
        return String.join("、", matter.departments().stream()
                .map(d -> department(d).map(dep -> dep.name().in(locale)).orElse(d)).toList());
    }

    public List<Department> departments() {
        return List.copyOf(departments.values());
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }
}
