package org.openkiosk.app.catalogue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finding a matter three ways: by life event, by department, and by search in Chinese or pinyin initials. */
public final class Finder {
    /** The life events residents think in, in the order shown. */
    public static final List<String> LIFE_EVENTS = List.of("出生", "入学", "就业", "结婚", "退休", "身后");

    private final Catalogue catalogue;
    private final Map<String, String> initials = new ConcurrentHashMap<>();

    public Finder(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public List<String> lifeEvents() {
        Set<String> present = new LinkedHashSet<>();
        for (String e : LIFE_EVENTS) {
            if (catalogue.matters().stream().anyMatch(m -> m.lifeEvents().contains(e))) {
                present.add(e);
            }
        }
        return List.copyOf(present);
    }

    public List<Matter> byLifeEvent(String event) {
        return catalogue.matters().stream().filter(m -> m.lifeEvents().contains(event)).toList();
    }

    public List<Matter> byDepartment(String departmentId) {
        return catalogue.matters().stream().filter(m -> !m.bundle() && m.departments().contains(departmentId)).toList();
    }

    /**
     * Matters whose Chinese or English name contains the query, or whose pinyin initials contain it
     * ("ylbx" finds 养老保险). Blank query: everything.
     */
    public List<Matter> search(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return catalogue.matters();
        }
        return catalogue.matters().stream().filter(m -> m.name().zh().contains(q)
                || m.name().en().toLowerCase(Locale.ROOT).contains(q)
                || initials.computeIfAbsent(m.id(), id -> Pinyin.initials(m.name().zh())).contains(q)).toList();
    }
}
