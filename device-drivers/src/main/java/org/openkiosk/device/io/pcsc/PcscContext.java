package org.openkiosk.device.io.pcsc;

import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's PC/SC provider keeps one context with pcscd for the life of the JVM (a static field of
 * {@code sun.security.smartcardio.PCSCTerminals}). When pcscd restarts, that context is dead and every call answers
 * {@code SCARD_E_NO_SERVICE} until the JVM ends. Forgetting it (and the terminals cached with it) makes the next
 * {@code TerminalFactory.getInstance} establish a new one. That needs {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}; without
 * it, {@link #forget()} says it could not, and the caller reports that a restart of the program is needed.
 */
final class PcscContext {
    private static final Logger log = LoggerFactory.getLogger(PcscContext.class);
    static final String ADD_OPENS = "--add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED";

    private PcscContext() {
    }

    /** Drops the JVM's PC/SC context so the next factory makes a new one; false if the JDK does not allow it. */
    static boolean forget() {
        try {
            Class<?> terminals = Class.forName("sun.security.smartcardio.PCSCTerminals");
            Field context = terminals.getDeclaredField("contextId");
            Field cache = terminals.getDeclaredField("terminals"); // CardTerminals by name, each holding the context
            context.setAccessible(true);
            cache.setAccessible(true);
            synchronized (terminals) { // PCSCTerminals.initContext() and getTerminal() lock the class
                context.setLong(null, 0L);
                ((java.util.Map<?, ?>) cache.get(null)).clear();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot reset the JDK's PC/SC context ({}): {}", ADD_OPENS, e.toString());
            return false;
        }
    }
}
