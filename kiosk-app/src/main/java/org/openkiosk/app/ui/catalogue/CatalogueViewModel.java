package org.openkiosk.app.ui.catalogue;

import java.util.List;
import java.util.Locale;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.ui.ShellViewModel;

/** The services on offer, in the current language: life-event bundles first. */
public final class CatalogueViewModel {
    public record Item(String id, String name, String summary, String department, boolean bundle) {
    }

    private final ShellViewModel shell;
    private final TripFlow flow;

    public CatalogueViewModel(ShellViewModel shell, TripFlow flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public List<Item> items() {
        Locale locale = shell.localeProperty().get();
        Catalogue catalogue = flow.catalogue();
        return flow.catalogue().matters().stream().map(m -> new Item(m.id(), m.name().in(locale),
                m.summary().in(locale), departments(catalogue, m, locale), m.bundle())).toList();
    }

    private static String departments(Catalogue catalogue, Matter m, Locale locale) {
        return String.join("、", m.services().stream().map(s -> catalogue.department(s.department())
                .map(d -> d.name().in(locale)).orElse(s.department())).distinct().toList());
    }

    public void choose(String id) {
        flow.choose(id);
        shell.show();
    }
}
