package org.openkiosk.app.ui;

import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;

/**
 * What residents see while a device is down: on the home screen one plain line per device that is down (and no way to
 * start a trip while the ID reader is down, since every trip begins with the card); in the catalogue, the matters that
 * need papers photographed are greyed out and say why while the camera is down. The others stay open.
 */
final class DeviceNotices {
    private DeviceNotices() {
    }

    static Node onHome(ShellViewModel vm, VBox home) {
        Set<String> down = vm.devicesDownProperty().get();
        if (down.isEmpty()) {
            return home;
        }
        Messages m = vm.messages();
        VBox notices = new VBox(8);
        notices.setId("device-notices");
        for (String device : down) {
            String key = "devices.down." + device;
            Label l = Fx.label(m.has(key) ? m.get(key) : m.get("devices.down.other"), "problem");
            l.setId("device-down-" + device);
            l.setWrapText(true);
            notices.getChildren().add(l);
        }
        home.getChildren().add(1, notices);
        if (down.contains("idcard")) {
            for (String id : new String[] {"#start", "#progress"}) {
                Node n = home.lookup(id);
                if (n != null) {
                    n.setDisable(true);
                }
            }
            home.lookupAll(".tile").forEach(n -> n.setDisable(true)); // every trip begins with the card
        }
        return home;
    }

    static Node onCatalogue(ShellViewModel vm, Parent catalogue) {
        Set<String> closed = vm.unavailableMatters();
        if (closed.isEmpty()) {
            return catalogue;
        }
        String why = vm.messages().get("devices.matter.paused");
        Node first = catalogue.lookup(".matter-button");
        if (first != null && first.getParent() instanceof Pane grid) {
            Runnable mark = () -> grid.getChildren().forEach(n -> {
                if (n instanceof Button b && b.getId() != null && b.getId().startsWith("matter-")
                        && closed.contains(b.getId().substring("matter-".length()))
                        && !b.getStyleClass().contains("unavailable")) {
                    b.getStyleClass().add("unavailable");
                    b.setText(b.getText() + "\n" + why);
                    b.setDisable(true);
                }
            });
            mark.run();
            grid.getChildren().addListener((ListChangeListener<Node>) c -> mark.run()); // pages and searches refill it
        }
        return catalogue;
    }
}
