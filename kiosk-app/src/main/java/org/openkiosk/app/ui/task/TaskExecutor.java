package org.openkiosk.app.ui.task;

/**
 * Runs {@link BackgroundTask}s, shaped like JabRef's {@code TaskExecutor}: view models take one by injection, so the
 * kiosk runs their work on a background pool ({@link UiTaskExecutor}) and tests run it on the calling thread
 * ({@link CurrentThreadTaskExecutor}, or a {@link UiTaskExecutor} over executors a test holds back).
 */
public interface TaskExecutor {
    /** Runs the task's work, then hands its outcome to its handlers on the UI thread. */
    <T> void execute(BackgroundTask<T> task);
}
