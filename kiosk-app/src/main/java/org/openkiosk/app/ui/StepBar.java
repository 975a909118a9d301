package org.openkiosk.app.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.openkiosk.app.i18n.Messages;

/**
 * The step bar on every screen of a trip: one segment per step this matter needs (done, here, still to come) and in
 * words which step this is, of how many, and how many remain.
 */
final class StepBar extends VBox {
    /** @param prompt the spoken prompt in words, under the step's words; null when prompts are not spoken */
    StepBar(TripSteps steps, Messages m, Label prompt) {
        setId("step-bar");
        getStyleClass().add("step-bar");
        HBox segments = new HBox();
        segments.setId("step-segments");
        segments.getStyleClass().add("step-segments");
        for (int i = 0; steps.settled() && i < steps.total(); i++) {
            Region segment = new Region();
            segment.getStyleClass().addAll("step-segment",
                    i < steps.current() ? "step-done" : i == steps.current() ? "step-current" : "step-todo");
            HBox.setHgrow(segment, Priority.ALWAYS);
            segment.setMaxWidth(Double.MAX_VALUE);
            segments.getChildren().add(segment);
        }
        String name = m.get("steps." + steps.kind());
        if (steps.paper().isPresent()) {
            name = m.get("steps.PAPER.of", steps.paper().get()[0], steps.paper().get()[1]);
        }
        Label where = Fx.unbroken(steps.settled() ? m.get("steps.where", steps.number(), steps.total())
                : m.get("steps.first"), "step-count");
        where.setId("step-count");
        Label current = Fx.unbroken(name, "step-name");
        current.setId("step-name");
        HBox words = new HBox(where, current);
        words.getStyleClass().add("step-words");
        if (steps.settled()) {
            Label left = Fx.unbroken(steps.remaining() == 0 ? m.get("steps.last")
                    : m.get("steps.remaining", steps.remaining()), "step-remaining");
            left.setId("step-remaining");
            words.getChildren().add(left);
            getChildren().add(segments);
        }
        words.setAlignment(Pos.CENTER_LEFT);
        words.setMinWidth(Region.USE_PREF_SIZE);
        if (prompt == null) {
            getChildren().add(words);
        } else { // beside the step's words, so the screen below keeps its room; in lines of even length
            HBox row = new HBox(words, prompt);
            row.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(prompt, Priority.ALWAYS);
            prompt.setMinWidth(0);
            prompt.setMaxWidth(Double.MAX_VALUE);
            Fx.evenLines(prompt, prompt.getText());
            getChildren().add(row);
        }
    }
}
