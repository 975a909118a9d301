package org.openkiosk.app.catalogue;

import java.util.Locale;

/** A catalogue text in plain Chinese with its English rendering. */
public record Text(String zh, String en) {
    public Text {
        if (zh == null || zh.isBlank()) {
            throw new IllegalArgumentException("a catalogue text needs its Chinese form");
        }
        en = en == null || en.isBlank() ? zh : en;
    }

    public String in(Locale locale) {
        return "en".equals(locale.getLanguage()) ? en : zh;
    }
}
