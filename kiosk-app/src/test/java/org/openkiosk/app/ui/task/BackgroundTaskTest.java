package org.openkiosk.app.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The background-task helper without a screen: the order of its handlers, dropping, and the threads it uses. */
class BackgroundTaskTest {
    private final List<String> seen = new ArrayList<>();

    @Test
    void theCurrentThreadExecutorRunsWorkAndHandlersBeforeItReturns() {
        BackgroundTask.wrap(() -> 42)
                .onFinished(() -> seen.add("finished"))
                .onSuccess(v -> seen.add("value " + v))
                .executeWith(new CurrentThreadTaskExecutor());
        assertThat(seen).containsExactly("finished", "value 42");
    }

    @Test
    void aFailureGoesToTheFailureHandlerNotTheSuccessOne() {
        BackgroundTask.wrap(() -> {
                    throw new IOException("disk gone");
                })
                .onSuccess(v -> seen.add("value"))
                .onFailure(e -> seen.add("failed: " + e.getMessage()))
                .executeWith(new CurrentThreadTaskExecutor());
        assertThat(seen).containsExactly("failed: disk gone");
    }

    @Test
    void anAnswerNoLongerWantedIsDroppedButOnFinishedStillRuns() {
        Deque<Runnable> held = new ArrayDeque<>();
        AtomicBoolean wanted = new AtomicBoolean(true);
        BackgroundTask.wrap(() -> "the last resident's number")
                .onlyWhile(wanted::get)
                .onFinished(() -> seen.add("finished"))
                .onSuccess(seen::add)
                .executeWith(new UiTaskExecutor(held::add, Runnable::run));
        assertThat(seen).as("nothing before the work has run").isEmpty();
        wanted.set(false); // the session ended while the work was under way
        held.poll().run();
        assertThat(seen).containsExactly("finished");
    }

    @Test
    void aFailureNoLongerWantedIsDroppedToo() {
        BackgroundTask.wrap(() -> {
                    throw new IllegalStateException("late");
                })
                .onlyWhile(() -> false)
                .onFailure(e -> seen.add("failed"))
                .executeWith(new CurrentThreadTaskExecutor());
        assertThat(seen).isEmpty();
    }

    @Test
    void wantedIsAskedWhenTheAnswerArrivesNotWhenTheWorkStarts() {
        Deque<Runnable> held = new ArrayDeque<>();
        AtomicBoolean wanted = new AtomicBoolean(false);
        BackgroundTask.wrap(() -> "x").onlyWhile(wanted::get).onSuccess(seen::add)
                .executeWith(new UiTaskExecutor(held::add, Runnable::run));
        wanted.set(true);
        held.poll().run();
        assertThat(seen).containsExactly("x");
    }

    @Test
    void runnableWorkHasNoValue() {
        BackgroundTask.wrap(() -> seen.add("work")).onSuccess(v -> seen.add("done " + v))
                .executeWith(new CurrentThreadTaskExecutor());
        assertThat(seen).containsExactly("work", "done true");
        seen.clear();
        Runnable action = () -> seen.add("action");
        BackgroundTask.wrap(action).onSuccess(v -> seen.add("done " + v)).executeWith(new CurrentThreadTaskExecutor());
        assertThat(seen).containsExactly("action", "done null");
    }

    @Test
    void theUiExecutorRunsTheWorkOnTheBackgroundAndTheHandlersOnTheUiThread() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-background"));
        ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
        try {
            AtomicReference<String> workThread = new AtomicReference<>();
            AtomicReference<String> finishedThread = new AtomicReference<>();
            AtomicReference<String> successThread = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            BackgroundTask.wrap(() -> {
                        workThread.set(Thread.currentThread().getName());
                        return 1;
                    })
                    .onFinished(() -> finishedThread.set(Thread.currentThread().getName()))
                    .onSuccess(v -> {
                        successThread.set(Thread.currentThread().getName());
                        done.countDown();
                    })
                    .executeWith(new UiTaskExecutor(background, ui));
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(workThread.get()).isEqualTo("test-background");
            assertThat(finishedThread.get()).isEqualTo("test-ui");
            assertThat(successThread.get()).isEqualTo("test-ui");
        } finally {
            background.shutdownNow();
            ui.shutdownNow();
        }
    }
}
