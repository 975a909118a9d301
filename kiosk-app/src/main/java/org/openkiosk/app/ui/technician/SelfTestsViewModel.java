package org.openkiosk.app.ui.technician;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.openkiosk.app.diag.TechnicianTools.Outcome;
import org.openkiosk.app.diag.TechnicianTools.SelfTest;
import org.openkiosk.app.ui.task.BackgroundTask;

/** The self-tests panel: which tests are running and the last outcome of each. */
public final class SelfTestsViewModel {
    private final TechnicianScope scope;
    /** Run after each test's outcome is shown: a test may have changed what the devices panel shows. */
    private final Runnable afterTest;
    private final ObjectProperty<Map<SelfTest, Outcome>> results = new SimpleObjectProperty<>(Map.of());
    private final ObjectProperty<Set<SelfTest>> running = new SimpleObjectProperty<>(Set.of());

    SelfTestsViewModel(TechnicianScope scope, Runnable afterTest) {
        this.scope = scope;
        this.afterTest = afterTest;
    }

    public ReadOnlyObjectProperty<Map<SelfTest, Outcome>> resultsProperty() {
        return results;
    }

    public ReadOnlyObjectProperty<Set<SelfTest>> runningProperty() {
        return running;
    }

    public void run(SelfTest test) {
        if (!scope.open() || running.get().contains(test)) {
            return;
        }
        Set<SelfTest> now = EnumSet.noneOf(SelfTest.class);
        now.addAll(running.get());
        now.add(test);
        running.set(now);
        BackgroundTask.wrap(() -> scope.tools().run(test))
                .onlyWhile(scope.stillShown())
                .onSuccess(o -> {
                    Set<SelfTest> left = EnumSet.noneOf(SelfTest.class);
                    left.addAll(running.get());
                    left.remove(test);
                    running.set(left);
                    Map<SelfTest, Outcome> r = new EnumMap<>(SelfTest.class);
                    r.putAll(results.get());
                    r.put(test, o);
                    results.set(r);
                    afterTest.run();
                })
                .executeWith(scope.tasks());
    }

    void clear() {
        results.set(Map.of());
        running.set(Set.of());
    }
}
