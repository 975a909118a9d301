package org.openkiosk.app.ui.done;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.ShellViewModel;

/** The application number in large type, whether the receipt came out, and on to the rating. */
public final class DoneView extends VBox {
    public DoneView(ShellViewModel shell, DoneViewModel vm) {
        Messages m = shell.messages();
        getStyleClass().add("screen");
        setAlignment(Pos.CENTER);
        Label number = Fx.unbroken(vm.applicationNo(), "application-no");
        number.setId("application-no");
        var numbered = Fx.pieces(Fx.unbroken(m.get("done.number"), "application-no"), number);
        numbered.setAlignment(Pos.CENTER);
        getChildren().addAll(Fx.label(m.get("done.title"), "title"), numbered);
        javafx.scene.layout.FlowPane actions = Fx.actions();
        actions.setAlignment(Pos.CENTER);
        if (vm.receiptProblem().isEmpty()) {
            getChildren().add(Fx.label(m.get("done.receipt"), "hint"));
        } else {
            Label problem = Fx.label(m.get("problem." + vm.receiptProblem().get()), "problem");
            problem.setId("receipt-problem");
            getChildren().add(problem);
            if (vm.receiptProblem().get().printerFault()) {
                actions.getChildren().add(Fx.button("done-reprint", m.get("done.reprint"), "secondary-button", vm::reprint));
            }
        }
        if (vm.hasApplicationForm()) {
            var print = Fx.button("done-print-form", m.get("done.printForm"), "secondary-button", vm::printApplicationForm);
            print.setGraphic(org.openkiosk.app.ui.Icons.of("form", "button-icon"));
            print.disableProperty().bind(shell.busyProperty());
            actions.getChildren().add(print);
            Label printed = Fx.label(m.get("done.formPrinted"), "hint");
            printed.setId("done-form-printed");
            printed.visibleProperty().bind(vm.formPrintedProperty());
            printed.managedProperty().bind(printed.visibleProperty());
            getChildren().add(printed);
        }
        actions.getChildren().add(Fx.button("done-rate", m.get("done.rate"), "big-button", vm::toRating));
        getChildren().addAll(Fx.label(m.get("done.promise", vm.promisedDays()), "hint"), actions);
    }
}
