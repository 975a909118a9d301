package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.idcard.CardEvent.Kind;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.idcard.sim.IdCardSimulator.Fault;
import org.openkiosk.device.io.serial.VirtualSerialPair;

/** The polling watcher on the real serial driver against the simulator over a pty pair. */
class CardWatcherTest {
    private static final int BAUD = 115200;
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private VirtualSerialPair pair;
    private IdCardSimulator sim;
    private SerialIdCardReader reader;
    private CardWatcher watcher;

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "idcard");
        sim = IdCardSimulator.start(pair.deviceEnd(), BAUD);
        reader = new SerialIdCardReader(new IdReaderConfig(pair.driverEnd().toString(), BAUD, Duration.ofMillis(400)));
        watcher = new CardWatcher(reader, Duration.ofMillis(20), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        reader.close();
        sim.close();
        pair.close();
    }

    @Test
    void reportsNothingWhileTheReaderStaysEmpty() throws Exception {
        assertThat(watcher.nextEvent(SHORT)).isEmpty();
        assertThat(watcher.cardPresent()).isFalse();
    }

    @Test
    void reportsACardPlacedAndThenRemoved() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.PLACED);
        assertThat(watcher.nextEvent(SHORT)).as("a card lying still is no new event").isEmpty();

        sim.removeCard();
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.REMOVED);
        assertThat(watcher.cardPresent()).isFalse();
    }

    @Test
    void reportsACardPlacedWhileItWaits() throws Exception {
        Thread placer = new Thread(() -> {
            try {
                Thread.sleep(150);
                sim.placeCard(IdCardSimulator.sampleResident());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        placer.start();

        Optional<CardEvent> event = watcher.nextEvent(WAIT);

        placer.join();
        assertThat(event).map(CardEvent::kind).contains(Kind.PLACED);
    }

    @Test
    void aCardThatModuleFindsOnlyOnceStaysPresentUntilLifted() throws Exception {
        sim.setFindOnce(true);
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.PLACED);
        assertThat(reader.read(SHORT).name()).isEqualTo("张三丰");

        assertThat(watcher.nextEvent(SHORT)).as("find now says no card, select says it is still there").isEmpty();

        sim.removeCard();
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.REMOVED);
    }

    @Test
    void garbageBetweenFramesAndASlowModuleDoNotFakeEvents() throws Exception {
        sim.setFault(Fault.GARBAGE_BETWEEN_FRAMES);
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.PLACED);
        assertThat(watcher.nextEvent(SHORT)).isEmpty();

        sim.setFault(Fault.SLOW, 2);
        assertThat(watcher.nextEvent(Duration.ofMillis(700))).isEmpty();
    }

    @Test
    void portVanishingIsDeviceNotFoundAndWatchingResumesWhenItReturns() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.PLACED);

        pair.vanish();
        sim.close();
        assertThatThrownBy(() -> watcher.nextEvent(SHORT)).isInstanceOf(DeviceNotFoundException.class);

        pair.reappear();
        sim = IdCardSimulator.start(pair.deviceEnd(), BAUD);
        assertThat(watcher.nextEvent(WAIT)).as("the reader came back empty").map(CardEvent::kind).contains(Kind.REMOVED);
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(watcher.nextEvent(WAIT)).map(CardEvent::kind).contains(Kind.PLACED);
    }

    @Test
    void readTimedSaysHowLongTheExchangeTookWithoutTheWaitForACard() throws Exception {
        Thread placer = new Thread(() -> {
            try {
                Thread.sleep(400);
                sim.placeCard(IdCardSimulator.sampleResident());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        placer.start();

        TimedRead read = reader.readTimed(WAIT);

        placer.join();
        assertThat(read.card()).isEqualTo(IdCardSimulator.sampleResident());
        // 1295 bytes at 115200 baud cannot arrive in less than about 112 ms of wire time
        assertThat(read.exchange()).isGreaterThan(Duration.ofMillis(100));
    }
}
