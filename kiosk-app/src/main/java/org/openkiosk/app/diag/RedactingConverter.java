package org.openkiosk.app.diag;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import java.util.List;

/**
 * {@code %redacted(...)} in a Logback pattern: the whole formatted line (message and stack trace) through the kiosk's
 * {@link Redactor}, so no secret reaches a log. Until the kiosk knows its own secrets ({@link #use}), the redactor
 * still takes out bearer tokens, {@code token=...}, {@code password=...} and PIN hashes by their shape.
 */
public final class RedactingConverter extends CompositeConverter<ILoggingEvent> {
    private static volatile Redactor redactor = new Redactor(List.of());

    /** From now on every log line passes through {@code r} (one that knows the kiosk's token, PIN hash and key). */
    public static void use(Redactor r) {
        redactor = r;
    }

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return redactor.text(in);
    }
}
