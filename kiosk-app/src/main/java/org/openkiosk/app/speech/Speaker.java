package org.openkiosk.app.speech;

import java.util.Locale;

/** Speaks a short prompt aloud ("请将身份证放在读卡区"); a new prompt cuts off the one still playing. */
public interface Speaker {
    Speaker SILENT = (text, locale) -> { };

    void say(String text, Locale locale);

    /**
     * Says several pieces as one prompt (where the resident is in the trip, then what to do now). A speaker that cuts a
     * prompt short with the next one joins them; by default each piece is said in turn.
     */
    default void sayAll(java.util.List<String> pieces, Locale locale) {
        pieces.stream().filter(p -> !p.isEmpty()).forEach(p -> say(p, locale));
    }

    /** Stops the prompt still playing, if any (the resident has acted). */
    default void stop() {
    }
}
