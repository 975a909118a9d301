package org.openkiosk.app.ui.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One piece of blocking work for a screen, shaped like JabRef's {@code BackgroundTask}: what to do off the UI thread,
 * and what to do with its value (or its failure) back on the UI thread. A {@link TaskExecutor} runs it: the kiosk's
 * {@link UiTaskExecutor} on a background pool with the answer on the JavaFX thread, tests' {@link CurrentThreadTaskExecutor}
 * on the calling thread.
 *
 * <pre>{@code
 * BackgroundTask.wrap(tools::queue)
 *         .onlyWhile(scope.stillShown())   // the resident (or technician) left meanwhile: the answer is dropped
 *         .onSuccess(queue::set)
 *         .executeWith(tasks);
 * }</pre>
 *
 * <p>On the UI thread, in this order: {@link #onFinished} always (even when the answer is dropped: for flags that
 * outlive a screen, such as "a PIN is being checked"); then, only while {@link #onlyWhile} still holds,
 * {@link #onSuccess} or {@link #onFailure}. A failure nobody handles is logged.
 *
 * @param <T> the work's value ({@link Void} for work that returns nothing)
 */
public final class BackgroundTask<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    private final Callable<T> work;
    private Consumer<? super T> onSuccess = value -> { };
    private Consumer<Exception> onFailure;
    private Runnable onFinished = () -> { };
    private BooleanSupplier stillWanted = () -> true;

    private BackgroundTask(Callable<T> work) {
        this.work = Objects.requireNonNull(work);
    }

    /** Work with a value; the callable runs off the UI thread. */
    public static <T> BackgroundTask<T> wrap(Callable<T> work) {
        return new BackgroundTask<>(work);
    }

    /** Work without a value; the runnable runs off the UI thread. */
    public static BackgroundTask<Void> wrap(Runnable work) {
        Objects.requireNonNull(work);
        return new BackgroundTask<>(() -> {
            work.run();
            return null;
        });
    }

    /** On the UI thread, with the work's value, unless the answer is dropped. */
    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    /** On the UI thread, with what the work threw, unless the answer is dropped; without one, the failure is logged. */
    public BackgroundTask<T> onFailure(Consumer<Exception> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    /** On the UI thread when the work is over, whatever its end, before the other handlers, even if the answer is dropped. */
    public BackgroundTask<T> onFinished(Runnable handler) {
        this.onFinished = Objects.requireNonNull(handler);
        return this;
    }

    /**
     * Asked on the UI thread when the work is over: false drops the answer (the session that asked for it has ended,
     * so nothing of it may reach the next one's screen).
     */
    public BackgroundTask<T> onlyWhile(BooleanSupplier stillWanted) {
        this.stillWanted = Objects.requireNonNull(stillWanted);
        return this;
    }

    public void executeWith(TaskExecutor executor) {
        executor.execute(this);
    }

    /** The work's end: a value or what it threw. */
    record Outcome<T>(T value, Exception failure) {
    }

    /** Off the UI thread: does the work. An {@link Error} is not caught: it ends the thread as it would have. */
    Outcome<T> runWork() {
        try {
            return new Outcome<>(work.call(), null);
        } catch (Exception e) {
            return new Outcome<>(null, e);
        }
    }

    /** On the UI thread: hands the outcome to the handlers. */
    void deliver(Outcome<T> outcome) {
        onFinished.run();
        if (!stillWanted.getAsBoolean()) {
            if (outcome.failure() != null) {
                LOG.debug("background work failed after its screen was left: {}", outcome.failure().toString());
            }
            return;
        }
        if (outcome.failure() == null) {
            onSuccess.accept(outcome.value());
        } else if (onFailure != null) {
            onFailure.accept(outcome.failure());
        } else {
            LOG.error("background work failed", outcome.failure());
        }
    }
}
