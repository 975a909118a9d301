package org.openkiosk.app.flow;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Text;
import org.openkiosk.device.idcard.IdNumbers;

/** Checks one form value; the result is a value the UI words plainly ({@code invalid.<NAME>}). */
public final class FormCheck {
    public enum Invalid { REQUIRED, PHONE, DATE, FUTURE_DATE, ID_NUMBER, CHOICE }

    private FormCheck() {
    }

    public static Optional<Invalid> check(FormField field, String raw, LocalDate today) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            return field.required() ? Optional.of(Invalid.REQUIRED) : Optional.empty();
        }
        return switch (field.type()) {
            case TEXT -> Optional.empty();
            case PHONE -> value.matches("1[3-9]\\d{9}") ? Optional.empty() : Optional.of(Invalid.PHONE);
            case ID_NUMBER -> value.length() == 18 && IdNumbers.isValid(value.toUpperCase())
                    ? Optional.empty() : Optional.of(Invalid.ID_NUMBER);
            case CHOICE -> field.choices().stream().map(Text::zh).anyMatch(value::equals)
                    ? Optional.empty() : Optional.of(Invalid.CHOICE);
            case DATE -> {
                try {
                    yield LocalDate.parse(value).isAfter(today) ? Optional.of(Invalid.FUTURE_DATE) : Optional.empty();
                } catch (DateTimeParseException e) {
                    yield Optional.of(Invalid.DATE);
                }
            }
        };
    }

    /** Every field's problem, in form order; empty when the form can be submitted. */
    public static Map<String, Invalid> checkAll(Iterable<FormField> fields, Map<String, String> values, LocalDate today) {
        Map<String, Invalid> problems = new LinkedHashMap<>();
        for (FormField f : fields) {
            check(f, values.get(f.id()), today).ifPresent(p -> problems.put(f.id(), p));
        }
        return problems;
    }
}
