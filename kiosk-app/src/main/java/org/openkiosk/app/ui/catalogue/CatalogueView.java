package org.openkiosk.app.ui.catalogue;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.keyboard.OnScreenKeyboard;

/** Life events and departments as large chips, a search box with its own keyboard, and the matters found. */
public final class CatalogueView extends VBox {
    private final ShellViewModel shell;
    private final CatalogueViewModel vm;
    private final FlowPane grid = new FlowPane(16, 16);
    private final HBox pager = new HBox(16);

    public CatalogueView(ShellViewModel shell, CatalogueViewModel vm) {
        this.shell = shell;
        this.vm = vm;
        Messages m = shell.messages();
        getStyleClass().add("screen");
        FlowPane events = new FlowPane(10, 10);
        events.getChildren().add(chip("filter-all", m.get("catalogue.all"), vm::showAll));
        vm.lifeEvents().forEach(e -> events.getChildren().add(chip("event-" + e.id(), e.label(), () -> vm.showLifeEvent(e.id()))));
        FlowPane departments = new FlowPane(10, 10);
        vm.departments().forEach(d -> departments.getChildren().add(
                chip("department-" + d.id(), d.label(), () -> vm.showDepartment(d.id()))));
        TextField search = new TextField();
        search.setId("search");
        search.setPromptText(m.get("catalogue.search"));
        search.textProperty().bindBidirectional(vm.queryProperty());
        OnScreenKeyboard keyboard = new OnScreenKeyboard();
        keyboard.follow(search, OnScreenKeyboard.Mode.LETTERS);
        GridPane finders = new GridPane();
        finders.setHgap(16);
        finders.setVgap(10);
        finders.addRow(0, Fx.label(m.get("catalogue.byEvent"), "field-label"), events);
        finders.addRow(1, Fx.label(m.get("catalogue.byDepartment"), "field-label"), departments);
        finders.addRow(2, Fx.label(m.get("catalogue.bySearch"), "field-label"), search);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints choices = new ColumnConstraints();
        choices.setHgrow(Priority.ALWAYS);
        finders.getColumnConstraints().addAll(labels, choices);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // back shares the pager's row: a row less under the list, which in elderly mode on a landscape screen
        // otherwise showed hardly one matter at a time
        pager.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox bottom = new HBox(16, Fx.button("back", m.get("app.back"), "secondary-button", shell::back), pager);
        bottom.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(Fx.label(m.get("catalogue.title"), "title"), finders, scroll, keyboard, bottom);
        vm.filterProperty().addListener((o, a, b) -> fill());
        vm.pageProperty().addListener((o, a, b) -> fill());
        fill();
    }

    private Button chip(String id, String text, Runnable action) {
        return Fx.button(id, text, "chip", action);
    }

    private void fill() {
        Messages m = shell.messages();
        grid.getChildren().clear();
        for (CatalogueViewModel.Item item : vm.items()) {
            String text = (item.bundle() ? "【" + m.get("catalogue.bundle") + "】" : "") + item.name() + "\n"
                    + m.get("catalogue.department", item.department());
            Button b = Fx.button("matter-" + item.id(), text, "matter-button", () -> vm.choose(item.id()));
            if (item.bundle()) {
                b.getStyleClass().add("bundle");
            }
            grid.getChildren().add(b);
        }
        if (grid.getChildren().isEmpty()) {
            grid.getChildren().add(Fx.label(m.get("catalogue.none"), "hint"));
        }
        pager.getChildren().clear();
        if (vm.pages() > 1) {
            Label where = Fx.label(m.get("catalogue.page", vm.pageProperty().get() + 1, vm.pages()), "hint");
            where.setId("catalogue-page");
            pager.getChildren().addAll(Fx.button("page-previous", m.get("catalogue.previous"), "secondary-button", vm::previousPage),
                    where, Fx.button("page-next", m.get("catalogue.next"), "secondary-button", vm::nextPage));
        }
    }
}
