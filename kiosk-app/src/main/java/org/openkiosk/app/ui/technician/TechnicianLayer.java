package org.openkiosk.app.ui.technician;

import javafx.scene.Scene;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;

/**
 * The layer above the resident's screens where technician mode appears: nothing (and transparent to touches) while
 * closed, the PIN pad, or the technician screen, each built anew when shown. It also watches the hidden corner.
 */
public final class TechnicianLayer extends StackPane {
    /** The hidden corner: a square of this many pixels at the top left of the screen (the title, which does nothing). */
    public static final double CORNER = 120;

    private final TechnicianViewModel vm;
    private TechnicianView shown;

    public TechnicianLayer(TechnicianViewModel vm) {
        this.vm = vm;
        setId("tech-layer");
        vm.modeProperty().addListener((o, a, b) -> redraw());
        redraw();
    }

    /** Counts taps in the hidden corner of {@code scene}; the taps still reach whatever lies there. */
    public void watchCorner(Scene scene) {
        scene.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getSceneX() <= CORNER && e.getSceneY() <= CORNER) {
                vm.cornerTap();
            }
        });
    }

    private void redraw() {
        if (shown != null) {
            shown.dispose();
            shown = null;
        }
        getChildren().clear();
        switch (vm.mode()) {
            case CLOSED -> { }
            case PIN -> getChildren().add(new PinPadView(vm.pinPad(), vm.messages(), vm::leave));
            case OPEN -> {
                shown = new TechnicianView(vm);
                getChildren().add(shown);
            }
        }
        boolean closed = vm.mode() == TechnicianViewModel.Mode.CLOSED;
        setVisible(!closed);
        setMouseTransparent(closed);
    }
}
