package org.openkiosk.app.ui.catalogue;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Finder;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.ui.SessionPort;

/**
 * The services on offer, found by life event, by department or by search, in the current language. In elderly
 * mode fewer choices are shown at a time, page by page.
 */
public final class CatalogueViewModel {
    public record Item(String id, String name, String summary, String department, boolean bundle) {
    }

    public record Choice(String id, String label) {
    }

    public enum FilterKind { ALL, LIFE_EVENT, DEPARTMENT, SEARCH }

    public record Filter(FilterKind kind, String value) {
        static final Filter ALL = new Filter(FilterKind.ALL, "");
    }

    static final int ELDERLY_PAGE = 4;

    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final IntegerProperty page = new SimpleIntegerProperty(0);
    private final StringProperty query = new SimpleStringProperty("");

    public CatalogueViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
        query.addListener((o, a, b) -> {
            filter.set(b == null || b.isBlank() ? Filter.ALL : new Filter(FilterKind.SEARCH, b));
            page.set(0);
        });
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    public IntegerProperty pageProperty() {
        return page;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public List<Choice> lifeEvents() {
        return new Finder(flow.catalogue()).lifeEvents().stream().map(e -> new Choice(e, shell.messages().get("life." + e))).toList();
    }

    public List<Choice> departments() {
        Locale locale = shell.locale();
        return flow.catalogue().departments().stream().map(d -> new Choice(d.id(), d.name().in(locale))).toList();
    }

    public void showAll() {
        query.set("");
        filter.set(Filter.ALL);
        page.set(0);
    }

    public void showLifeEvent(String event) {
        filter.set(new Filter(FilterKind.LIFE_EVENT, event));
        page.set(0);
    }

    public void showDepartment(String id) {
        filter.set(new Filter(FilterKind.DEPARTMENT, id));
        page.set(0);
    }

    private List<Matter> matching() {
        Filter f = filter.get();
        Finder finder = new Finder(flow.catalogue());
        return switch (f.kind()) {
            case ALL -> flow.catalogue().matters();
            case LIFE_EVENT -> finder.byLifeEvent(f.value());
            case DEPARTMENT -> finder.byDepartment(f.value());
            case SEARCH -> finder.search(f.value());
        };
    }

    private int pageSize() {
        return shell.elderly() ? ELDERLY_PAGE : Integer.MAX_VALUE;
    }

    public int pages() {
        int n = matching().size();
        return n == 0 ? 1 : (n + pageSize() - 1) / pageSize();
    }

    public void nextPage() {
        page.set(Math.min(page.get() + 1, pages() - 1));
    }

    public void previousPage() {
        page.set(Math.max(page.get() - 1, 0));
    }

    /** The matters of the current filter and page. */
    public List<Item> items() {
        Locale locale = shell.locale();
        Catalogue catalogue = flow.catalogue();
        List<Matter> all = matching();
        int from = (int) Math.min((long) page.get() * pageSize(), all.size());
        int to = (int) Math.min((long) from + pageSize(), all.size());
        return all.subList(from, to).stream().map(m -> new Item(m.id(), m.name().in(locale),
                m.summary().in(locale), catalogue.departmentNames(m, locale), m.bundle())).toList();
    }

    public void choose(String id) {
        flow.choose(id);
        shell.show();
    }
}
