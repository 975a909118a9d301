package org.openkiosk.app.ui.signature;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import org.openkiosk.app.flow.Signature;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.Fx;
import org.openkiosk.app.ui.Icons;
import org.openkiosk.app.ui.ShellViewModel;

/**
 * 手写签名: a white pad filling the screen's width where the resident signs with a finger, with "clear and sign again",
 * "undo the last stroke", back, and "sign and submit".
 */
public final class SignatureView extends VBox {
    private final SignatureViewModel vm;
    private final Canvas canvas = new Canvas();

    public SignatureView(ShellViewModel shell, SignatureViewModel vm) {
        this.vm = vm;
        Messages m = shell.messages();
        getStyleClass().add("screen");
        Pane pad = new Pane(canvas);
        pad.setId("signature-pad");
        pad.getStyleClass().add("signature-pad");
        pad.setMinHeight(160);
        pad.setPrefHeight(420);
        VBox.setVgrow(pad, Priority.ALWAYS);
        canvas.widthProperty().bind(pad.widthProperty());
        canvas.heightProperty().bind(pad.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> redraw());
        canvas.heightProperty().addListener((o, a, b) -> redraw());
        pad.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> vm.strokeStart(e.getX(), e.getY()));
        pad.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> vm.strokeTo(e.getX(), e.getY()));
        vm.changesProperty().addListener((o, a, b) -> redraw());

        var clear = Fx.button("signature-clear", m.get("signature.clear"), "secondary-button", vm::clear);
        var undo = Fx.button("signature-undo", m.get("signature.undo"), "secondary-button", vm::undo);
        var submit = Fx.button("signature-submit", m.get("signature.submit"), "big-button", vm::submit);
        submit.setGraphic(Icons.of("sign", "button-icon"));
        submit.disableProperty().bind(shell.busyProperty());
        getChildren().addAll(Fx.label(m.get("signature.title"), "title"), Fx.label(m.get("signature.hint"), "hint"), pad,
                Fx.actions(Fx.button("back", m.get("app.back"), "secondary-button", shell::back), clear, undo, submit));
    }

    private void redraw() {
        vm.padSize(canvas.getWidth(), canvas.getHeight());
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setStroke(Color.web("#1a1a1a"));
        g.setLineWidth(5);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        for (var stroke : vm.strokes()) {
            g.beginPath();
            Signature.Point first = stroke.get(0);
            g.moveTo(first.x(), first.y());
            for (Signature.Point p : stroke) {
                g.lineTo(p.x(), p.y());
            }
            g.stroke();
        }
    }
}
