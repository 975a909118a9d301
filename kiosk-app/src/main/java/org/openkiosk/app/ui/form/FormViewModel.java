package org.openkiosk.app.ui.form;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Text;
import org.openkiosk.app.flow.Applicant;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.FormCheck;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.ui.SessionPort;
import org.openkiosk.print.Masking;

/**
 * One form for the whole matter (一表通办): what the card gave, shown for checking, and each further field
 * asked once, with its plain-language problem under it.
 */
public final class FormViewModel {
    public record CardRow(String labelKey, String value) {
    }

    public static final class FieldRow {
        private final FormField field;
        private final StringProperty value = new SimpleStringProperty("");
        private final StringProperty error = new SimpleStringProperty("");
        private String later = "";

        FieldRow(FormField field) {
            this.field = field;
        }

        /** When a paper still to be photographed can give the value: says so (the field may stay empty); else empty. */
        public String later() {
            return later;
        }

        public FormField field() {
            return field;
        }

        public StringProperty valueProperty() {
            return value;
        }

        public StringProperty errorProperty() {
            return error;
        }

        public List<String> choices(Locale locale) {
            return field.choices().stream().map(t -> t.in(locale)).toList();
        }

        /** Choices are stored by their Chinese text, whatever language is on screen. */
        public void choose(int index) {
            value.set(field.choices().get(index).zh());
        }

        public int chosenIndex() {
            List<Text> choices = field.choices();
            for (int i = 0; i < choices.size(); i++) {
                if (choices.get(i).zh().equals(value.get())) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final List<CardRow> cardRows = new ArrayList<>();
    private final List<FieldRow> fieldRows = new ArrayList<>();

    public FormViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public void enter() {
        cardRows.clear();
        fieldRows.clear();
        Applicant a = flow.applicant().orElseThrow();
        cardRows.add(new CardRow("form.name", a.name()));
        cardRows.add(new CardRow("form.sex", a.sex()));
        if (!a.nation().isEmpty()) {
            cardRows.add(new CardRow("form.nation", a.nation()));
        }
        cardRows.add(new CardRow("form.birthDate", String.valueOf(a.birthDate())));
        cardRows.add(new CardRow("form.address", a.address()));
        cardRows.add(new CardRow("form.idNumber", Masking.idNumber(a.idNumber())));
        Map<String, String> given = flow.fields();
        List<String> later = flow.fromPapersLater();
        Locale locale = shell.locale();
        for (FormField f : flow.matter().orElseThrow().fields()) {
            FieldRow row = new FieldRow(f);
            row.value.set(given.getOrDefault(f.id(), ""));
            if (later.contains(f.id())) {
                row.later = shell.messages().get("form.laterFrom",
                        flow.paperFor(f.id()).map(m -> m.name().in(locale)).orElse(""));
            }
            fieldRows.add(row);
        }
    }

    public List<CardRow> cardRows() {
        return List.copyOf(cardRows);
    }

    public List<FieldRow> fieldRows() {
        return List.copyOf(fieldRows);
    }

    /** Hands the values to the flow; shows each field's problem, or moves on when there is none. */
    public void next() {
        for (FieldRow row : fieldRows) {
            flow.setField(row.field.id(), row.value.get());
        }
        Map<String, FormCheck.Invalid> problems = flow.formProblems();
        for (FieldRow row : fieldRows) {
            FormCheck.Invalid p = problems.get(row.field.id());
            row.error.set(p == null ? "" : shell.messages().get("invalid." + p));
        }
        try {
            flow.confirmForm();
            shell.show();
        } catch (FlowException e) {
            shell.explain(e.problem());
        }
    }
}
