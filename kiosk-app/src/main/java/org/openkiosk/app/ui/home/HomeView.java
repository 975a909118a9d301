package org.openkiosk.app.ui.home;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.Icons;
import org.openkiosk.app.ui.ShellViewModel;

/**
 * The home screen: the most used matters and the life events as large icon tiles (which, and in which order, the
 * catalogue says), then "查询办理进度" and "其他事项" (the whole catalogue), and the promise about personal data. The two
 * buttons stay on screen however many tiles there are; the tiles scroll.
 */
public final class HomeView extends VBox {
    public HomeView(ShellViewModel shell) {
        Messages m = shell.messages();
        Locale locale = shell.localeProperty().get();
        Catalogue catalogue = shell.residentSession().catalogue();
        getStyleClass().addAll("screen", "home");
        setId("home-screen");
        setAlignment(Pos.CENTER);

        VBox sections = new VBox();
        sections.getStyleClass().add("home-sections");
        if (!catalogue.homeMatters().isEmpty()) {
            FlowPane tiles = tiles("home-matters");
            for (Matter matter : catalogue.homeMatters()) {
                Button tile = tile("home-matter-" + matter.id(), matter.name().in(locale), matter.icon(),
                        () -> shell.startMatter(matter.id()));
                if (shell.unavailableMatters().contains(matter.id())) {
                    tile.setDisable(true);
                }
                tiles.getChildren().add(tile);
            }
            sections.getChildren().addAll(Fx.label(m.get("home.mostUsed"), "section-title"), tiles);
        }
        if (!catalogue.homeLifeEvents().isEmpty()) {
            FlowPane tiles = tiles("home-events");
            for (String event : catalogue.homeLifeEvents()) {
                String key = "life." + event;
                tiles.getChildren().add(tile("home-event-" + event, m.has(key) ? m.get(key) : event, "event." + event,
                        () -> shell.startLifeEvent(event)));
            }
            sections.getChildren().addAll(Fx.label(m.get("home.lifeEvents"), "section-title"), tiles);
        }
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        // the tiles take the room they need and no more, so that on a large screen everything sits together in the
        // middle; where they need more than there is, they scroll and the words and buttons keep their size
        VBox.setVgrow(scroll, Priority.SOMETIMES);
        scroll.setMinHeight(0);
        scroll.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        Button progress = Fx.button("progress", m.get("home.progress"), "big-button", shell::startProgress);
        progress.setGraphic(Icons.of("progress", "button-icon"));
        // "其他事项": the whole catalogue (the id of the old "开始办事" button, which it replaces)
        Button other = Fx.button("start", m.get("home.other"), "secondary-button", shell::start);
        other.setGraphic(Icons.of("other", "button-icon"));
        FlowPane actions = Fx.actions(progress, other);
        actions.setAlignment(Pos.CENTER);
        getChildren().addAll(Fx.label(m.get("home.welcome"), "title"), Fx.label(m.get("home.hint"), "hint"), scroll,
                actions, Fx.label(m.get("home.privacy"), "hint"));
        getChildren().stream().filter(n -> n != scroll).forEach(n -> ((javafx.scene.layout.Region) n)
                .setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE));
    }

    private static FlowPane tiles(String id) {
        FlowPane tiles = new FlowPane();
        tiles.setId(id);
        tiles.setAlignment(Pos.TOP_CENTER);
        tiles.getStyleClass().add("tiles");
        return tiles;
    }

    private static Button tile(String id, String text, String icon, Runnable action) {
        Button tile = Fx.button(id, text, "tile", action);
        Fx.evenLines(tile, text);
        tile.setGraphic(Icons.of(Icons.has(icon) ? icon : "other", "tile-icon"));
        tile.setContentDisplay(ContentDisplay.TOP);
        return tile;
    }
}
