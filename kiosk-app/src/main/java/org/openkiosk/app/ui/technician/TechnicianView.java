package org.openkiosk.app.ui.technician;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.openkiosk.app.diag.DeviceAvailability;
import org.openkiosk.app.diag.DeviceInventory;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.diag.TechnicianTools.Outcome;
import org.openkiosk.app.diag.TechnicianTools.SelfTest;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.keyboard.OnScreenKeyboard;

/**
 * The technician screen: devices and self-tests on the left, queue, ports, configuration, bundle and log on the right,
 * in one scrolling page with large touch targets. Built in code from a {@link TechnicianViewModel}; {@link #dispose()}
 * detaches it from the model when technician mode closes.
 */
public final class TechnicianView extends BorderPane {
    private final TechnicianViewModel vm;
    private final Messages m;
    private final List<Runnable> detach = new ArrayList<>();
    private final OnScreenKeyboard keyboard = new OnScreenKeyboard();

    public TechnicianView(TechnicianViewModel vm) {
        this.vm = vm;
        this.m = vm.messages();
        setId("tech-screen");
        getStyleClass().add("tech-screen");

        Label title = new Label(m.get("tech.title"));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(title, gap, Fx.button("tech-refresh", m.get("tech.refresh"), "bar-button", vm::refresh),
                Fx.button("tech-leave", m.get("tech.leave"), "bar-button", vm::leave));
        bar.getStyleClass().add("top-bar");
        setTop(bar);

        VBox left = new VBox(24, devices(), selfTests(), queue(), found());
        VBox right = new VBox(24, configuration(), bundle(), log());
        GridPane columns = new GridPane();
        columns.setHgap(32);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        columns.getColumnConstraints().addAll(half, half);
        columns.add(left, 0, 0);
        columns.add(right, 1, 0);
        columns.getStyleClass().add("tech-body");
        ScrollPane scroll = new ScrollPane(columns);
        scroll.setFitToWidth(true);
        scroll.setId("tech-scroll");
        scroll.getStyleClass().add("tech-scroll");
        setCenter(scroll);
        setBottom(keyboard);
        javafx.animation.Timeline poll = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(3), e -> vm.devices().reload()));
        poll.setCycleCount(javafx.animation.Animation.INDEFINITE);
        poll.play();
        detach.add(poll::stop);
    }

    /** Stops following the model: called when technician mode closes. */
    public void dispose() {
        detach.forEach(Runnable::run);
        detach.clear();
    }

    private <T> void follow(ObservableValue<T> value, Runnable redraw) {
        ChangeListener<T> l = (o, a, b) -> redraw.run();
        value.addListener(l);
        detach.add(() -> value.removeListener(l));
        redraw.run();
    }

    private VBox section(String id, String titleKey) {
        VBox box = new VBox(10);
        box.setId(id);
        box.getStyleClass().add("tech-section");
        box.getChildren().add(Fx.label(m.get(titleKey), "tech-heading"));
        return box;
    }

    private static Label line(String id, String text, String style) {
        Label l = Fx.label(text, style);
        if (id != null) {
            l.setId(id);
        }
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /**
     * The plain words for a device's English detail line in the kiosk's language; empty when the kiosk speaks English
     * (the drivers' language) or the line is not one {@link DeviceDetailText} knows, and the line itself is shown.
     */
    private Optional<String> plainWords(String device, boolean ok, String detail) {
        if (DeviceDetailText.driversLanguage(m)) {
            return Optional.empty();
        }
        return DeviceDetailText.of(device, ok, detail).map(p -> p.in(m));
    }

    /** The driver's own English line, small, under the plain words (technicians paste it into bug reports). */
    private static Label rawLine(String id) {
        Label l = line(id, "", "tech-raw");
        showRaw(l, "");
        return l;
    }

    private static void showRaw(Label raw, String text) {
        raw.setText(text);
        raw.setVisible(!text.isEmpty());
        raw.setManaged(!text.isEmpty());
    }

    private String deviceName(String device) {
        String key = "tech.device." + device;
        return m.has(key) ? m.get(key) : device;
    }

    // ---- sections ----

    private Node devices() {
        VBox box = section("tech-devices", "tech.devices");
        VBox rows = new VBox(8);
        box.getChildren().add(rows);
        follow(vm.devices().statesProperty(), () -> {
            rows.getChildren().clear();
            Map<String, DeviceAvailability.State> states = vm.devices().statesProperty().get();
            if (states.isEmpty()) {
                rows.getChildren().add(line(null, m.get("tech.devices.none"), "hint"));
            }
            states.forEach((device, state) -> {
                String style = state.up() ? "tech-ok" : "down".equals(state.state()) ? "tech-bad" : "tech-neutral";
                Label name = Fx.label(deviceName(device), "tech-name");
                name.setMinWidth(220);
                Label s = line("tech-device-" + device, state.line(), style);
                Label raw = rawLine("tech-device-" + device + "-detail");
                plainWords(device, state.up(), state.detail()).ifPresent(plain -> {
                    String stateKey = "tech.device.state." + state.state();
                    s.setText(m.get("tech.device.line", m.has(stateKey) ? m.get(stateKey) : state.state(), plain));
                    showRaw(raw, state.line());
                });
                VBox text = new VBox(2, s, raw);
                HBox row = new HBox(16, name, text);
                row.setAlignment(Pos.CENTER_LEFT);
                HBox.setHgrow(text, Priority.ALWAYS);
                rows.getChildren().add(row);
            });
        });
        return box;
    }

    private Node selfTests() {
        VBox box = section("tech-selftests", "tech.selftests");
        for (SelfTest test : SelfTest.values()) {
            String id = test.name().toLowerCase(Locale.ROOT).replace('_', '-');
            Button run = Fx.button("tech-test-" + id, m.get("tech.test." + test), "tech-action", () -> vm.selfTests().run(test));
            run.setMinWidth(300);
            Label result = line("tech-result-" + id, "", "tech-neutral");
            Label raw = rawLine("tech-result-" + id + "-detail");
            VBox text = new VBox(2, result, raw);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(16, run, text);
            row.setAlignment(Pos.CENTER_LEFT);
            Runnable redraw = () -> {
                boolean running = vm.selfTests().runningProperty().get().contains(test);
                run.setDisable(running);
                Outcome o = vm.selfTests().resultsProperty().get().get(test);
                result.getStyleClass().removeAll("tech-ok", "tech-bad", "tech-neutral");
                showRaw(raw, "");
                if (running) {
                    result.setText(m.get("tech.test.running"));
                    result.getStyleClass().add("tech-neutral");
                } else if (o == null) {
                    result.setText("");
                    result.getStyleClass().add("tech-neutral");
                } else {
                    Optional<String> plain = plainWords(DeviceDetailText.device(test), o.ok(), o.detail());
                    result.setText(m.get(o.ok() ? "tech.test.ok" : "tech.test.failed", plain.orElse(o.detail())));
                    plain.ifPresent(p -> showRaw(raw, o.detail()));
                    result.getStyleClass().add(o.ok() ? "tech-ok" : "tech-bad");
                }
            };
            follow(vm.selfTests().runningProperty(), redraw);
            follow(vm.selfTests().resultsProperty(), redraw);
            box.getChildren().add(row);
        }
        return box;
    }

    private Node queue() {
        VBox box = section("tech-queue", "tech.queue");
        Label figures = line("tech-queue-figures", "", "tech-value");
        Label error = line("tech-queue-error", "", "tech-bad");
        Label message = line("tech-sync-message", "", "hint");
        message.textProperty().bind(vm.syncQueue().messageProperty());
        Label dead = line("tech-dead-letters", "", "tech-bad");
        Node resend = Fx.button("tech-dead-letter-resend", m.get("tech.deadletter.resend"), "tech-action",
                vm.syncQueue()::resendDeadLetters);
        follow(vm.syncQueue().queueProperty(), () -> {
            TechnicianTools.Queue q = vm.syncQueue().queueProperty().get();
            if (q == null) {
                figures.setText("");
                error.setText("");
                error.setVisible(false);
                dead.setVisible(false);
                dead.setManaged(false);
                resend.setVisible(false);
                resend.setManaged(false);
                return;
            }
            figures.setText(m.get("tech.queue.figures", q.pending(), q.acknowledged(),
                    q.lastSuccess().isEmpty() ? m.get("tech.queue.never") : q.lastSuccess()));
            error.setText(q.lastError().isEmpty() ? "" : m.get("tech.queue.error", q.lastError()));
            error.setVisible(!q.lastError().isEmpty());
            error.setManaged(!q.lastError().isEmpty());
            dead.setText(q.deadLetters() == 0 ? "" : m.get("tech.deadletter.count", q.deadLetters()));
            for (Node n : List.of(dead, resend)) {
                n.setVisible(q.deadLetters() > 0);
                n.setManaged(q.deadLetters() > 0);
            }
        });
        box.getChildren().addAll(figures, error, dead,
                Fx.button("tech-sync-now", m.get("tech.sync.now"), "tech-action", vm.syncQueue()::syncNow), resend, message);
        return box;
    }

    private Node found() {
        VBox box = section("tech-found", "tech.found");
        VBox rows = new VBox(6);
        rows.setId("tech-ports");
        box.getChildren().add(rows);
        follow(vm.found().inventoryProperty(), () -> {
            rows.getChildren().clear();
            DeviceInventory.Inventory inv = vm.found().inventoryProperty().get();
            if (inv == null) {
                rows.getChildren().add(line(null, m.get("tech.found.looking"), "hint"));
                return;
            }
            rows.getChildren().add(Fx.label(m.get("tech.found.serial"), "tech-name"));
            if (inv.serialPorts().isEmpty()) {
                rows.getChildren().add(line(null, m.get("tech.found.nothing"), "hint"));
            }
            for (DeviceInventory.SerialPortInfo p : inv.serialPorts()) {
                rows.getChildren().add(line(null, p.path() + "  " + nz(p.description())
                        + (p.role() == null ? "" : "  [" + deviceName(p.role()) + "]")
                        + (p.present() ? "" : "  " + m.get("tech.found.absent")), p.present() ? "tech-value" : "tech-bad"));
            }
            rows.getChildren().add(Fx.label(m.get("tech.found.pcsc"), "tech-name"));
            if (inv.pcscProblem() != null) {
                rows.getChildren().add(line("tech-pcsc-problem", inv.pcscProblem(), "tech-neutral"));
            } else if (inv.pcscReaders().isEmpty()) {
                rows.getChildren().add(line(null, m.get("tech.found.nothing"), "hint"));
            }
            inv.pcscReaders().forEach(r -> rows.getChildren().add(line(null, r, "tech-value")));
            rows.getChildren().add(Fx.label(m.get("tech.found.other"), "tech-name"));
            inv.cameras().forEach(c -> rows.getChildren().add(line(null, m.get("tech.device.camera") + ": " + c.source()
                    + (c.present() ? "" : "  " + m.get("tech.found.absent")), c.present() ? "tech-value" : "tech-bad")));
            inv.printers().forEach(p -> rows.getChildren().add(line(null, m.get("tech.device.printer") + " (" + p.kind()
                    + "): " + p.address() + (p.present() ? "" : "  " + m.get("tech.found.absent")),
                    p.present() ? "tech-value" : "tech-bad")));
        });
        return box;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private Node configuration() {
        VBox box = section("tech-config", "tech.config");
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(8);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(keys, values);
        Label message = line("tech-config-message", "", "hint");
        message.textProperty().bind(vm.config().messageProperty());
        follow(vm.config().failedProperty(), () -> {
            message.getStyleClass().removeAll("hint", "tech-bad");
            message.getStyleClass().add(vm.config().failedProperty().get() ? "tech-bad" : "hint");
        });
        follow(vm.config().fieldsProperty(), () -> {
            grid.getChildren().clear();
            int row = 0;
            for (Map.Entry<String, StringProperty> e : vm.config().fieldsProperty().get().entrySet()) {
                String key = e.getKey();
                Label name = Fx.label(key, "tech-name");
                TextField field = new TextField();
                field.setId("tech-config-" + key.replace('.', '-'));
                field.textProperty().bindBidirectional(e.getValue());
                field.setMaxWidth(Double.MAX_VALUE);
                keyboard.follow(field, key.endsWith("baud") || key.endsWith("seconds")
                        ? OnScreenKeyboard.Mode.DIGITS : OnScreenKeyboard.Mode.TEXT);
                grid.add(name, 0, row);
                grid.add(field, 1, row);
                row++;
            }
        });
        Button save = Fx.button("tech-config-save", m.get("tech.config.save"), "tech-action", vm.config()::saveAndRestart);
        box.getChildren().addAll(line(null, m.get("tech.config.hint"), "hint"), grid, save, message);
        return box;
    }

    private Node bundle() {
        VBox box = section("tech-bundle", "tech.bundle");
        TextField dir = new TextField();
        dir.setId("tech-bundle-dir");
        dir.textProperty().bindBidirectional(vm.bundle().dirProperty());
        detach.add(() -> dir.textProperty().unbindBidirectional(vm.bundle().dirProperty()));
        keyboard.follow(dir, OnScreenKeyboard.Mode.TEXT);
        HBox.setHgrow(dir, Priority.ALWAYS);
        Button export = Fx.button("tech-bundle-export", m.get("tech.bundle.export"), "tech-action", vm.bundle()::export);
        HBox row = new HBox(16, dir, export);
        row.setAlignment(Pos.CENTER_LEFT);
        Label message = line("tech-bundle-message", "", "hint");
        message.textProperty().bind(vm.bundle().messageProperty());
        follow(vm.bundle().failedProperty(), () -> {
            message.getStyleClass().removeAll("hint", "tech-bad");
            message.getStyleClass().add(vm.bundle().failedProperty().get() ? "tech-bad" : "hint");
        });
        box.getChildren().addAll(line(null, m.get("tech.bundle.hint"), "hint"), row, message);
        return box;
    }

    private Node log() {
        VBox box = section("tech-log-section", "tech.log");
        Label source = line("tech-log-source", "", "hint");
        source.textProperty().bind(vm.logTail().sourceProperty());
        TextArea text = new TextArea();
        text.setId("tech-log");
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefRowCount(14);
        text.getStyleClass().add("tech-log");
        follow(vm.logTail().linesProperty(), () -> {
            text.setText(String.join("\n", vm.logTail().linesProperty().get()));
            text.positionCaret(text.getLength());
            text.setScrollTop(Double.MAX_VALUE);
        });
        box.getChildren().addAll(source, text);
        return box;
    }
}
