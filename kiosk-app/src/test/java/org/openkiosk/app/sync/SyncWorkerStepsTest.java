package org.openkiosk.app.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.sync.api.HeartbeatAnswer;

/** The worker as a scheduler over steps, and the heartbeat paced by the injected clock: no server, no sleeping. */
class SyncWorkerStepsTest {

    @TempDir
    Path dir;

    private final List<String> ran = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final AtomicInteger cleanRounds = new AtomicInteger();
    private KioskStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** A step that notes its name when it runs and answers {@code outcome}, or throws when outcome is null. */
    private SyncStep step(String name, SyncStep.Outcome outcome, boolean needsCentre) {
        return new SyncStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean needsCentre() {
                return needsCentre;
            }

            @Override
            public Outcome run(SyncRound round) {
                ran.add(name);
                if (outcome == null) {
                    throw new IllegalStateException(name + " broke");
                }
                return outcome;
            }
        };
    }

    private SyncWorker worker(SyncStep... steps) {
        return new SyncWorker(null, List.of(steps), cleanRounds::incrementAndGet, errors::add, null);
    }

    @Test
    void runsItsStepsInOrderAndClearsTheErrorAfterACleanRound() {
        SyncWorker worker = worker(step("send", SyncStep.Outcome.DONE, true), step("pull", SyncStep.Outcome.DONE, true),
                step("purge", SyncStep.Outcome.DONE, false));

        worker.syncOnce();
        worker.syncOnce();

        assertEquals(List.of("send", "pull", "purge", "send", "pull", "purge"), ran);
        assertEquals(2, cleanRounds.get());
        assertEquals(List.of(), errors);
    }

    @Test
    void aStepThatThrowsDoesNotStopTheOthersButFailsTheRoundWithItsCause() {
        SyncWorker worker = worker(step("send", SyncStep.Outcome.DONE, true), step("ratings", null, true),
                step("pull", SyncStep.Outcome.DONE, true), step("purge", SyncStep.Outcome.DONE, false));

        worker.syncOnce();

        assertEquals(List.of("send", "ratings", "pull", "purge"), ran);
        assertEquals(0, cleanRounds.get(), "a failed round keeps the last error");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("ratings failed: ") && errors.get(0).contains("ratings broke"),
                errors.get(0));
    }

    @Test
    void aFailedStepLetsTheNextStepsRun() {
        SyncWorker worker = worker(step("send", SyncStep.Outcome.FAILED, true),
                step("pull", SyncStep.Outcome.DONE, true),
                step("purge", SyncStep.Outcome.DONE, false));

        worker.syncOnce();

        assertEquals(List.of("send", "pull", "purge"), ran);
        assertEquals(0, cleanRounds.get());
    }

    @Test
    void anUnreachableCentreSkipsTheStepsThatNeedItButNotThePurge() {
        SyncWorker worker = worker(step("send", SyncStep.Outcome.CENTRE_UNREACHABLE, true),
                step("ratings", SyncStep.Outcome.DONE, true), step("heartbeat", SyncStep.Outcome.DONE, true),
                step("purge", SyncStep.Outcome.DONE, false));

        worker.syncOnce();

        assertEquals(List.of("send", "purge"), ran);
        assertEquals(0, cleanRounds.get());
    }

    @Test
    void syncOnceAnswersHowManyApplicationsTheStepsAcknowledged() {
        SyncStep twoAcknowledged = new SyncStep() {
            @Override
            public String name() {
                return "send";
            }

            @Override
            public Outcome run(SyncRound round) {
                round.acknowledged();
                round.acknowledged();
                return Outcome.DONE;
            }
        };
        assertEquals(2, worker(twoAcknowledged, step("purge", SyncStep.Outcome.DONE, false)).syncOnce());
    }

    @Test
    void theClockDecidesWhenTheNextHeartbeatGoesAndADeviceChangeGoesAtOnce() {
        store = KioskStore.open(dir);
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
        List<Instant> sent = new ArrayList<>();
        Map<String, String> devices = new LinkedHashMap<>(Map.of("printer", "ready", "@disk-free-mb", "900"));
        HeartbeatStep heartbeat = new HeartbeatStep(store, beat -> {
            sent.add(beat.at());
            return new HeartbeatAnswer(clock.instant(), 0);
        }, new ContentRefusals(), () -> Map.copyOf(devices),
                new HeartbeatPace(clock, Duration.ofMinutes(5)), clock);

        assertEquals(SyncStep.Outcome.DONE, heartbeat.run(new SyncRound(() -> false)));
        assertEquals(List.of(clock.instant()), sent, "the first round always sends");

        clock.advance(Duration.ofMinutes(4));
        devices.put("@disk-free-mb", "850"); // drifts by itself: no news
        heartbeat.run(new SyncRound(() -> false));
        assertEquals(1, sent.size(), "4 minutes after the last one, with no news, nothing goes");

        clock.advance(Duration.ofMinutes(1));
        heartbeat.run(new SyncRound(() -> false));
        assertEquals(2, sent.size(), "5 minutes after the last one it goes");
        assertEquals(Instant.parse("2026-12-01T08:05:00Z"), sent.get(1), "stamped by the injected clock");

        clock.advance(Duration.ofSeconds(10));
        devices.put("printer", "paper out");
        heartbeat.run(new SyncRound(() -> false));
        assertEquals(3, sent.size(), "a device change goes at the next round");
        heartbeat.run(new SyncRound(() -> false));
        assertEquals(3, sent.size());
    }

    @Test
    void aRoundWithoutAHeartbeatLeavesTheCatalogueToBeAskedForAndOneWithItPassesTheCentresVersion() {
        store = KioskStore.open(dir);
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
        HeartbeatStep heartbeat = new HeartbeatStep(store, beat -> new HeartbeatAnswer(clock.instant(), 7),
                new ContentRefusals(), Map::of, new HeartbeatPace(clock, Duration.ofHours(1)), clock);

        SyncRound first = new SyncRound(() -> false);
        heartbeat.run(first);
        assertEquals(7, first.heardCatalogueVersion().getAsLong());

        SyncRound second = new SyncRound(() -> false);
        heartbeat.run(second);
        assertFalse(second.heardCatalogueVersion().isPresent());
    }
}
