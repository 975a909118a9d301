package org.openkiosk.app.ui.task;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The kiosk's task executor: the work on {@code background} (the kiosk's cached pool), the answer on {@code ui}
 * ({@code Platform::runLater} on the kiosk). Tests may pass executors that hold the work back, to look at a screen
 * while its work is under way.
 */
public final class UiTaskExecutor implements TaskExecutor {
    private final Executor background;
    private final Executor ui;

    public UiTaskExecutor(Executor background, Executor ui) {
        this.background = Objects.requireNonNull(background);
        this.ui = Objects.requireNonNull(ui);
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        background.execute(() -> {
            BackgroundTask.Outcome<T> outcome = task.runWork();
            ui.execute(() -> task.deliver(outcome));
        });
    }
}
