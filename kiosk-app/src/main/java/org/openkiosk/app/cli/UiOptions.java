package org.openkiosk.app.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to show the kiosk UI: on a display or headless, at which size, and what to capture; {@code configFile} is the
 * configuration file the kiosk was started from (technician mode edits it).
 */
record UiOptions(boolean smoke, int width, int height, Optional<Path> screenshot, boolean elderly, boolean fullscreen,
                 Path configFile) {
}
