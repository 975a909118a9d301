package org.openkiosk.app.ui.capture;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * The camera's picture with the outline where the page goes, as large as the space the screen leaves it (it asks
 * for little, so the buttons below always keep their place) and no taller than the picture at full width, in the
 * camera's proportions. Without a picture the same box holds a message instead: the camera starting, or out of order.
 */
final class PreviewPane extends Region {
    /** The page outline sits this share of the picture's shorter side inside its edges. */
    private static final double GUIDE_INSET = 0.06;
    private static final double CAMERA_RATIO = 4.0 / 3.0;

    private final ImageView view;
    private final Rectangle frame = new Rectangle();
    private final Rectangle guide = new Rectangle();
    private final Label message;

    PreviewPane(ImageView view, Label message) {
        getStyleClass().add("preview-pane");
        this.view = view;
        this.message = message;
        view.setPreserveRatio(true);
        view.setSmooth(true);
        frame.getStyleClass().add("preview-frame");
        frame.setManaged(false);
        guide.setId("capture-guide");
        guide.getStyleClass().add("preview-guide");
        guide.setManaged(false);
        guide.setMouseTransparent(true);
        guide.visibleProperty().bind(view.imageProperty().isNotNull());
        view.setManaged(false);
        message.setManaged(false);
        message.setWrapText(true);
        message.visibleProperty().bind(view.imageProperty().isNull().and(message.textProperty().isNotEmpty()));
        view.imageProperty().addListener((o, a, b) -> {
            if (a == null || b == null || a.getWidth() / a.getHeight() != b.getWidth() / b.getHeight()) {
                limitHeight();
                requestLayout();
            }
        });
        widthProperty().addListener((o, a, b) -> limitHeight());
        getChildren().addAll(frame, view, guide, message);
        setMinSize(0, 0);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 320;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 160; // what is left over goes to the picture (vgrow), up to its height at the full width
    }

    /** No taller than the picture at the width given: the words and buttons below stay right under it. */
    private void limitHeight() {
        Insets in = getInsets();
        double w = getWidth() - in.getLeft() - in.getRight();
        setMaxHeight(w > 0 ? Math.ceil(in.getTop() + in.getBottom() + w / ratio()) : Double.MAX_VALUE);
    }

    private double ratio() {
        var image = view.getImage();
        return image != null && image.getHeight() > 0 ? image.getWidth() / image.getHeight() : CAMERA_RATIO;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double h = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        double ratio = ratio();
        double boxW = Math.min(w, h * ratio);
        double boxH = boxW / ratio;
        double x = in.getLeft() + (w - boxW) / 2;
        double y = in.getTop() + (h - boxH) / 2;
        frame.setX(0);
        frame.setY(0);
        frame.setWidth(boxW);
        frame.setHeight(boxH);
        frame.relocate(x, y);
        view.setFitWidth(boxW);
        view.setFitHeight(boxH);
        view.relocate(x, y);
        double inset = Math.min(boxW, boxH) * GUIDE_INSET;
        guide.setWidth(Math.max(0, boxW - 2 * inset));
        guide.setHeight(Math.max(0, boxH - 2 * inset));
        guide.relocate(x + inset, y + inset);
        double textW = boxW * 0.85;
        double textH = message.prefHeight(textW);
        message.resize(textW, textH);
        message.relocate(x + (boxW - textW) / 2, y + (boxH - textH) / 2);
    }
}
