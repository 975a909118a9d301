package org.openkiosk.app.ui;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javafx.scene.layout.Region;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/**
 * The kiosk's icons (departments, life events, actions): SVG path data shipped in {@code ui/icons.properties}, each
 * drawn as the shape of a small region, so the stylesheet gives it its size (in em, so elderly mode scales it) and its
 * colour ({@code .icon}). An icon is never the only thing saying what a control does: it sits beside the words.
 */
public final class Icons {
    private static final Properties PATHS = new Properties();

    static {
        try (var in = Icons.class.getResourceAsStream("/ui/icons.properties")) {
            if (in != null) {
                PATHS.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Icons() {
    }

    /** Whether there is an icon of that name. */
    public static boolean has(String name) {
        return name != null && PATHS.containsKey(name);
    }

    /** The icon {@code name} (or the "other" icon for a name not known), with style classes {@code icon} and more. */
    public static Region of(String name, String... styleClasses) {
        SVGPath path = new SVGPath();
        path.setContent(PATHS.getProperty(name, PATHS.getProperty("other", "M0 0H48V48H0Z")));
        path.setFillRule(FillRule.EVEN_ODD);
        Region icon = new Region();
        icon.setShape(path);
        icon.setScaleShape(true);
        icon.setCenterShape(true);
        icon.getStyleClass().add("icon");
        icon.getStyleClass().addAll(styleClasses);
        icon.setMouseTransparent(true);
        icon.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        icon.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        return icon;
    }
}
