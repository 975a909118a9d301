package org.openkiosk.app.config;

import java.nio.file.Path;

/**
 * Where the kiosk is installed: the folder the launcher ({@code ./kiosk}, {@code /usr/bin/kiosk}) passes as
 * {@code -Dkiosk.home}, the working directory when run without it. The one place that property is read.
 */
public final class KioskHome {
    /** The launcher's system property; not a configuration key, so {@code -D} overrides leave it alone. */
    public static final String PROPERTY = "kiosk.home";

    private KioskHome() {
    }

    /** The installation folder. */
    public static Path dir() {
        return Path.of(System.getProperty(PROPERTY, "."));
    }

    /** {@code kiosk.properties} in the installation folder: the configuration file when no {@code --config} is given. */
    public static Path configFile() {
        return dir().resolve("kiosk.properties");
    }
}
