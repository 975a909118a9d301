package org.openkiosk.app.speech;

import java.util.Locale;

/** Speaks a short prompt aloud ("请将身份证放在读卡区"); a new prompt cuts off the one still playing. */
public interface Speaker {
    Speaker SILENT = (text, locale) -> { };

    void say(String text, Locale locale);
}
