package org.openkiosk.sync.api;

import java.util.List;
import java.util.UUID;

/** The field checks the rules of every wire record share. */
final class WireChecks {
    private WireChecks() {
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** A UUID in its canonical form (what {@link UUID#toString()} writes, either case). */
    static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Adds "{name} is missing" when {@code value} is null or blank; returns whether it was there. */
    static boolean requireText(List<String> problems, String name, String value) {
        if (isBlank(value)) {
            problems.add(name + " is missing");
            return false;
        }
        return true;
    }
}
