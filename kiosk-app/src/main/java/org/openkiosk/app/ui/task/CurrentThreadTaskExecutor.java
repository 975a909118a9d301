package org.openkiosk.app.ui.task;

/** Runs each task's work and then its handlers on the calling thread, before {@code execute} returns: for tests. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
    @Override
    public <T> void execute(BackgroundTask<T> task) {
        task.deliver(task.runWork());
    }
}
