package org.openkiosk.app.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The kiosk's application numbers: one counter per kiosk and day ({@code application_numbers}). */
public final class ApplicationNumbers {

    private final Transactions tx;

    ApplicationNumbers(Transactions tx) {
        this.tx = tx;
    }

    /**
     * The next application number of this kiosk for the day, e.g. {@code K0001-20261123-0007}.
     * The counter is on disk before the number is returned, so a number is never handed out twice,
     * even across restarts (a number whose application is never saved is simply skipped).
     */
    public String nextApplicationNo(String kioskId, LocalDate day) {
        if (kioskId == null || kioskId.isBlank() || day == null) {
            throw new IllegalArgumentException("kioskId and day are required");
        }
        String dayText = day.format(DateTimeFormatter.BASIC_ISO_DATE);
        return tx.inTransaction("cannot take the next application number", db -> {
            try (PreparedStatement st = db.prepareStatement("""
                    INSERT INTO application_numbers (kiosk_id, day, last_seq) VALUES (?, ?, 1)
                    ON CONFLICT (kiosk_id, day) DO UPDATE SET last_seq = last_seq + 1
                    RETURNING last_seq""")) {
                st.setString(1, kioskId);
                st.setString(2, dayText);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return String.format(Locale.ROOT, "%s-%s-%04d", kioskId, dayText, rs.getInt(1));
                }
            }
        });
    }
}
