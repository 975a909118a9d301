package org.openkiosk.app.ui.signature;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Signature;
import org.openkiosk.app.ui.SessionPort;

/**
 * The signature pad's strokes as the resident draws them (finger down, moves, finger up), "clear" and "undo the last
 * stroke", and submitting the application signed. The strokes belong to this session's model and go with it.
 */
public final class SignatureViewModel {
    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final List<List<Signature.Point>> strokes = new ArrayList<>();
    /** Bumped whenever the strokes change, so the pad draws them again. */
    private final IntegerProperty changes = new SimpleIntegerProperty(0);
    private double width = 1;
    private double height = 1;

    public SignatureViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public IntegerProperty changesProperty() {
        return changes;
    }

    /** The strokes drawn so far (each a copy). */
    public List<List<Signature.Point>> strokes() {
        return strokes.stream().map(List::copyOf).toList();
    }

    public boolean empty() {
        return strokes.isEmpty();
    }

    /** The pad's size now, in the coordinates of its points. */
    public void padSize(double w, double h) {
        if (w > 0 && h > 0) {
            width = w;
            height = h;
        }
    }

    public void strokeStart(double x, double y) {
        List<Signature.Point> s = new ArrayList<>();
        s.add(new Signature.Point(x, y));
        strokes.add(s);
        changes.set(changes.get() + 1);
    }

    public void strokeTo(double x, double y) {
        if (strokes.isEmpty()) {
            strokeStart(x, y);
            return;
        }
        strokes.get(strokes.size() - 1).add(new Signature.Point(x, y));
        changes.set(changes.get() + 1);
    }

    /** "清除重签": every stroke gone, to sign again. */
    public void clear() {
        strokes.clear();
        changes.set(changes.get() + 1);
    }

    /** "撤销一笔": the last stroke gone. */
    public void undo() {
        if (!strokes.isEmpty()) {
            strokes.remove(strokes.size() - 1);
            changes.set(changes.get() + 1);
        }
    }

    public void submit() {
        if (shell.busy()) {
            return;
        }
        Signature signature = new Signature(strokes(), width, height);
        if (!signature.drawn()) {
            shell.explain(Problem.SIGNATURE_MISSING);
            return;
        }
        flow.sign(signature);
        shell.work(flow::submit, submitted -> shell.show(), problem -> { });
    }
}
