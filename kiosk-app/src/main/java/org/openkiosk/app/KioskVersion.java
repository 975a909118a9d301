package org.openkiosk.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kiosk's version, read once from its build ({@code unknown} when run from classes without one). */
public final class KioskVersion {
    private static final String CURRENT = read();

    private KioskVersion() {
    }

    /** What {@code ./kiosk --version}, the diagnostic bundle and the heartbeat's {@code @version} show. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = KioskVersion.class.getResourceAsStream("/org/openkiosk/app/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown below
        }
        return p.getProperty("version", "unknown");
    }
}
