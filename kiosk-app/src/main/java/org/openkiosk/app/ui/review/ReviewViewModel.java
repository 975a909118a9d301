package org.openkiosk.app.ui.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.Applicant;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.ui.SessionPort;
import org.openkiosk.print.Masking;

/** Everything the resident is about to submit, once more, before it goes. */
public final class ReviewViewModel {
    public record Row(String label, String value) {
    }

    /**
     * A field to check and, if need be, correct here: one read from a captured paper ({@code from} names the
     * paper), or one a paper was to give and could not (to type now).
     */
    public static final class EditRow {
        private final FormField field;
        private final String from;
        private final boolean pleaseCheck;
        private final List<String> choices;
        private final javafx.beans.property.StringProperty value = new javafx.beans.property.SimpleStringProperty("");
        private final javafx.beans.property.StringProperty error = new javafx.beans.property.SimpleStringProperty("");

        EditRow(FormField field, String from, String value) {
            this(field, from, value, false, List.of());
        }

        EditRow(FormField field, String from, String value, boolean pleaseCheck, List<String> choices) {
            this.field = field;
            this.from = from;
            this.value.set(value);
            this.pleaseCheck = pleaseCheck;
            this.choices = List.copyOf(choices);
        }

        /** Readings of a value to check for the resident to tap (the one printed fills the field); may be empty. */
        public List<String> choices() {
            return choices;
        }

        /** Fills the field with {@code choice}, one of {@link #choices()}. */
        public void choose(String choice) {
            if (choices.contains(choice)) {
                value.set(choice);
            }
        }

        /** A paper gave a value that could not be trusted: not filled in; {@link #from()} says where to look. */
        public boolean pleaseCheck() {
            return pleaseCheck;
        }

        public FormField field() {
            return field;
        }

        /** What to tell the resident about where the value came from; empty when it is theirs to type. */
        public String from() {
            return from;
        }

        public javafx.beans.property.StringProperty valueProperty() {
            return value;
        }

        public javafx.beans.property.StringProperty errorProperty() {
            return error;
        }
    }

    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final javafx.beans.property.BooleanProperty consent = new javafx.beans.property.SimpleBooleanProperty(false);
    private final List<EditRow> editRows = new ArrayList<>();

    public ReviewViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public void enter() {
        consent.set(flow.consented());
        editRows.clear();
        Locale locale = shell.locale();
        Map<String, org.openkiosk.app.catalogue.Material> read = flow.fromDocuments();
        java.util.Set<String> missing = flow.reviewProblems().keySet();
        Map<String, String> values = flow.fields();
        Map<String, ApplicationTrip.PleaseCheck> toCheck = flow.toCheck();
        for (FormField f : flow.matter().orElseThrow().fields()) {
            ApplicationTrip.PleaseCheck check = toCheck.get(f.id());
            if (check != null && values.getOrDefault(f.id(), "").isEmpty()) {
                editRows.add(new EditRow(f, shell.messages().get("review.pleaseCheck", check.paper().name().in(locale),
                        check.line(), check.read()), "", true, check.choices()));
            } else if (read.containsKey(f.id())) {
                editRows.add(new EditRow(f, shell.messages().get("review.fromDocument", read.get(f.id()).name().in(locale)),
                        values.getOrDefault(f.id(), "")));
            } else if (missing.contains(f.id())) {
                editRows.add(new EditRow(f, "", values.getOrDefault(f.id(), "")));
            }
        }
    }

    /** The fields to check and correct here, in form order. */
    public List<EditRow> editRows() {
        return List.copyOf(editRows);
    }

    public List<Row> rows() {
        Locale locale = shell.locale();
        var m = shell.messages();
        Matter matter = flow.matter().orElseThrow();
        Applicant a = flow.applicant().orElseThrow();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(m.get("review.service"), matter.name().in(locale)));
        rows.add(new Row(m.get("review.applicant"), a.name() + "  " + Masking.idNumber(a.idNumber())));
        Map<String, String> values = flow.fields();
        java.util.Set<String> editable = new java.util.HashSet<>();
        editRows.forEach(r -> editable.add(r.field().id()));
        for (FormField f : matter.fields()) {
            String v = values.getOrDefault(f.id(), "");
            if (!v.isEmpty() && !editable.contains(f.id())) {
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
        Locale locale = shell.locale();
        Matter matter = flow.matter().orElseThrow();
        return shell.messages().get("review.consent", flow.catalogue().departmentNames(matter, locale));
    }

    public javafx.beans.property.BooleanProperty consentProperty() {
        return consent;
    }

    public void submit() {
        if (shell.busy() || !consent.get()) {
            return;
        }
        for (EditRow row : editRows) {
            flow.correctField(row.field().id(), row.value.get());
        }
        Map<String, org.openkiosk.app.flow.FormCheck.Invalid> problems = flow.reviewProblems();
        for (EditRow row : editRows) {
            var p = problems.get(row.field().id());
            row.error.set(p == null ? "" : shell.messages().get("invalid." + p));
        }
        if (!problems.isEmpty()) {
            shell.explain(org.openkiosk.app.flow.Problem.FORM_INCOMPLETE);
            return;
        }
        flow.consent(true);
        if (signedByHand()) {
            try {
                flow.toSignature();
            } catch (org.openkiosk.app.flow.FlowException e) {
                shell.explain(e.problem());
                return;
            }
            shell.show();
            return;
        }
        shell.work(flow::submit, submitted -> shell.show(), problem -> { });
    }

    /** The matter is signed by hand: the review leads to the signature pad rather than straight to submission. */
    public boolean signedByHand() {
        return flow.matter().map(org.openkiosk.app.catalogue.Matter::signature).orElse(false);
    }
}
