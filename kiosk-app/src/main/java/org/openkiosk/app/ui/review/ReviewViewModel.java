package org.openkiosk.app.ui.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.Applicant;
import org.openkiosk.app.flow.TripFlow;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.print.Masking;

/** Everything the resident is about to submit, once more, before it goes. */
public final class ReviewViewModel {
    public record Row(String label, String value) {
    }

    private final ShellViewModel shell;
    private final TripFlow flow;
    private final javafx.beans.property.BooleanProperty consent = new javafx.beans.property.SimpleBooleanProperty(false);

    public ReviewViewModel(ShellViewModel shell, TripFlow flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public void enter() {
        consent.set(flow.consented());
    }

    public List<Row> rows() {
        Locale locale = shell.localeProperty().get();
        var m = shell.messages();
        Matter matter = flow.matter().orElseThrow();
        Applicant a = flow.applicant().orElseThrow();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(m.get("review.service"), matter.name().in(locale)));
        rows.add(new Row(m.get("review.applicant"), a.name() + "  " + Masking.idNumber(a.idNumber())));
        Map<String, String> values = flow.fields();
        for (FormField f : matter.fields()) {
            String v = values.getOrDefault(f.id(), "");
            if (!v.isEmpty()) {
                rows.add(new Row(f.label().in(locale), v));
            }
        }
        List<String> papers = flow.captures().stream().map(c -> c.material().name().in(locale)).toList();
        if (!papers.isEmpty()) {
            rows.add(new Row(m.get("review.materials"), String.join("；", papers)));
        }
        return rows;
    }

    /** What the consent says: which data, to whom, for what. */
    public String consentText() {
        Locale locale = shell.localeProperty().get();
        Matter matter = flow.matter().orElseThrow();
        return shell.messages().get("review.consent", flow.catalogue().departmentNames(matter, locale));
    }

    public javafx.beans.property.BooleanProperty consentProperty() {
        return consent;
    }

    public void submit() {
        if (shell.busyProperty().get() || !consent.get()) {
            return;
        }
        flow.consent(true);
        shell.work(flow::submit, submitted -> shell.show(), problem -> { });
    }
}
